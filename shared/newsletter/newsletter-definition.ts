import * as z from '../validation/zod-mini.ts';
import { ALL_FEED } from '../feed/feed-id.ts';
import { PublicationIdSchema } from '../publication/publication-settings.ts';

/** Which newsletter: ids are unique within a publication. */
export interface NewsletterRef {
  publication: string;
  id: string;
}

export const NewsletterIdSchema = z
  .string()
  .check(
    z.maxLength(48, 'must be at most 48 characters'),
    z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens'),
  );

/** The feed a digest is built from: the site-wide feed or one topic's (never a partner's). */
export const NewsletterFeedSchema = z
  .string()
  .check(z.refine((feed) => feed === ALL_FEED || /^topics\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(feed), 'must be "all" or "topics/<slug>"'));

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
  z.object({ frequency: z.literal('daily'), time: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')), timeZone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty')) }),
  z.object({
    frequency: z.literal('weekly'),
    weekday: z.enum(WEEKDAYS),
    time: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')),
    timeZone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty')),
  }),
]);

export type NewsletterSchedule = z.output<typeof NewsletterScheduleSchema>;

/** A mailbox SES accepts as a sender: a bare address (display names come from the title). */
const MailboxSchema = z.email('must be an e-mail address').check(z.maxLength(254));

const ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F]*$/;
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F]+/g;

/** What an editor defines; stored at `NETWORK` / `NEWSLETTER#<publication>#<id>`. */
export const NewsletterDefinitionSchema = z.object({
  publication: PublicationIdSchema,
  id: NewsletterIdSchema,
  feed: z._default(NewsletterFeedSchema, ALL_FEED),
  schedule: NewsletterScheduleSchema,
  // The title is each mail's Subject: a line break there would begin a header of its own.
  title: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(120, 'must be at most 120 characters'),
      z.regex(ONE_LINE, 'must be one line without control characters'),
    ),
  from: MailboxSchema,
  replyTo: z.optional(MailboxSchema),
});

export type NewsletterDefinition = z.output<typeof NewsletterDefinitionSchema>;

/**
 * A definition as read back: one stored before titles were checked still reads, its control
 * characters turned into spaces, so no Subject ever carries one and one old item cannot stop
 * every newsletter's schedule.
 */
export const StoredNewsletterDefinitionSchema = z.extend(NewsletterDefinitionSchema, {
  title: z.pipe(
    z.string(),
    z.transform((title: string) => title.replace(CONTROL_RUNS, ' ').trim()),
  ),
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
