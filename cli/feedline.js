#!/usr/bin/env node
// The CLI is TypeScript like the rest of the code; tsx compiles it on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
