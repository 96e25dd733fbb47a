import { config } from 'zod/mini';
import english from 'zod/v4/locales/en.js';

/**
 * zod's tree-shakable `zod/mini`, with the English messages classic zod loads by itself (mini
 * loads no locale and says only "Invalid input"). Every schema a Lambda handler can reach is
 * built from this module: one import of classic `zod` would bundle all of it (about 100 KiB, and
 * a quarter of the stream handler's import time). CLI-only and local code may keep classic zod.
 * The locale comes from its own module: `z.locales` would bundle every language.
 */
config(english());

export * from 'zod/mini';
