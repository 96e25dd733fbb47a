import * as z from 'zod';
import { ALL_FEED } from '../feed/feed-id.ts';
import { PublicationIdSchema } from '../publication/publication-settings.ts';

/** Which newsletter: ids are unique within a publication. */
export interface NewsletterRef {
  publication: string;
  id: string;
}

export const NewsletterIdSchema = z
  .string()
  .max(48, 'must be at most 48 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');

/** The feed a digest is built from: the site-wide feed or one topic's (never a partner's). */
export const NewsletterFeedSchema = z
  .string()
  .refine((feed) => feed === ALL_FEED || /^topics\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(feed), 'must be "all" or "topics/<slug>"');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const NewsletterScheduleSchema = z.discriminatedUnion('frequency', [
  z.object({ frequency: z.literal('daily'), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'), timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty') }),
  z.object({
    frequency: z.literal('weekly'),
    weekday: z.enum(WEEKDAYS),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty'),
  }),
]);

export type NewsletterSchedule = z.output<typeof NewsletterScheduleSchema>;

/** A mailbox SES accepts as a sender: a bare address (display names come from the title). */
const MailboxSchema = z.email('must be an e-mail address').max(254);

const ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F]*$/;
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F]+/g;

/** What an editor defines; stored at `NETWORK` / `NEWSLETTER#<publication>#<id>`. */
export const NewsletterDefinitionSchema = z.object({
  publication: PublicationIdSchema,
  id: NewsletterIdSchema,
  feed: NewsletterFeedSchema.default(ALL_FEED),
  schedule: NewsletterScheduleSchema,
  // The title is each mail's Subject: a line break there would begin a header of its own.
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters')
    .regex(ONE_LINE, 'must be one line without control characters'),
  from: MailboxSchema,
  replyTo: MailboxSchema.optional(),
});

export type NewsletterDefinition = z.output<typeof NewsletterDefinitionSchema>;

/**
 * A definition as read back: one stored before titles were checked still reads, its control
 * characters turned into spaces, so no Subject ever carries one and one old item cannot stop
 * every newsletter's schedule.
 */
export const StoredNewsletterDefinitionSchema = NewsletterDefinitionSchema.extend({
  title: z.string().transform((title) => title.replace(CONTROL_RUNS, ' ').trim()),
});

export type NewsletterDefinitionInput = z.input<typeof NewsletterDefinitionSchema>;

/**
 * Where sending stands, kept on the definition's item: `lastSlot` is the newest schedule slot
 * already planned, `cursor` the publication time after which posts are new.
 */
export interface NewsletterProgress {
  lastSlot: string;
  cursor: string;
}

export type StoredNewsletter = NewsletterDefinition & NewsletterProgress;

export function refOf(newsletter: NewsletterRef): NewsletterRef {
  return { publication: newsletter.publication, id: newsletter.id };
}

/** `<publication>/<id>`: how forms, tokens and the CLI name a newsletter. */
export function newsletterName(ref: NewsletterRef): string {
  return `${ref.publication}/${ref.id}`;
}

export function parseNewsletterName(name: string): NewsletterRef | undefined {
  const [publication = '', id = '', ...rest] = name.split('/');
  if (rest.length > 0) return undefined;
  if (!PublicationIdSchema.safeParse(publication).success || !NewsletterIdSchema.safeParse(id).success) return undefined;
  return { publication, id };
}
