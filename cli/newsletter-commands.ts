import * as z from 'zod';
import { createSesClient } from '../shared/aws/ses-client.ts';
import { SILENT_LOG } from '../shared/log/event-log.ts';
import { SubscriberAddressSchema } from '../shared/newsletter/address-protection.ts';
import { renderDigestHtml, renderDigestText } from '../shared/newsletter/digest/render-digest.ts';
import { SesMailer } from '../shared/newsletter/mail/ses-mailer.ts';
import {
  NewsletterDefinitionSchema,
  newsletterName,
  parseNewsletterName,
  type NewsletterRef,
  type NewsletterSchedule,
  type StoredNewsletter,
} from '../shared/newsletter/newsletter-definition.ts';
import { latestSlotAtOrBefore, periodMs } from '../shared/newsletter/newsletter-schedule.ts';
import { NewsletterExistsError } from '../shared/newsletter/newsletter-store.ts';
import { describeSchemaError } from '../shared/validation/field-problems.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import type { CommandContext, CommandInput } from './command-table.ts';
import { newsletterServicesOf, newsletterStore, subscriberPrivacy, subscriberStore, type SendingAccess } from './newsletter-access.ts';

/** `newsletter add default/morning-brief --title … --from … --schedule "daily 07:00 Asia/Tashkent"`. */
export async function runNewsletterAdd(input: CommandInput, context: CommandContext): Promise<void> {
  const ref = refOf(input);
  const text = (name: string) => (typeof input.values[name] === 'string' ? input.values[name] : undefined);
  const parsed = NewsletterDefinitionSchema.safeParse({
    ...ref,
    title: text('title'),
    from: text('from'),
    ...(text('reply-to') ? { replyTo: text('reply-to') } : {}),
    ...(text('feed') ? { feed: text('feed') } : {}),
    schedule: scheduleOf(text('schedule') ?? ''),
  });
  if (!parsed.success) throw new InputError(`newsletter ${newsletterName(ref)}: ${describeSchemaError(parsed.error)}`);
  const now = new Date();
  const target = await context.target();
  try {
    // The slot just past is not sent at once; the first issue reaches back one period.
    await newsletterStore(target).add(parsed.data, { lastSlot: latestSlotAtOrBefore(parsed.data.schedule, now).toISOString(), cursor: new Date(now.getTime() - periodMs(parsed.data.schedule)).toISOString() });
  } catch (error) {
    if (error instanceof NewsletterExistsError) throw new InputError(error.message);
    throw error;
  }
  context.out.line(`added ${newsletterName(ref)}: ${describeSchedule(parsed.data.schedule)}, feed ${parsed.data.feed}`);
}

export async function runNewsletterList({ values }: CommandInput, context: CommandContext): Promise<void> {
  const newsletters = await newsletterStore(await context.target()).listAll();
  if (values.json === true) return context.out.line(JSON.stringify(newsletters));
  for (const newsletter of newsletters) {
    context.out.line(`${newsletterName(newsletter)}  "${newsletter.title}"  feed ${newsletter.feed}  ${describeSchedule(newsletter.schedule)}  from ${newsletter.from}  last slot ${newsletter.lastSlot}`);
  }
  context.out.line(`${newsletters.length} newsletter(s)`);
}

export async function runNewsletterSubscribers(input: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const newsletter = await existing(target, refOf(input));
  const counts = await subscriberStore(target).counts(newsletter);
  if (input.values.json === true) return context.out.line(JSON.stringify(counts));
  context.out.line(`${newsletterName(newsletter)}: ${counts.confirmed} confirmed, ${counts.pending} pending, ${counts.unsubscribed} unsubscribed`);
}

export async function runNewsletterPreview(input: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const newsletter = await existing(target, refOf(input));
  const services = await newsletterServicesOf(target, context.env, SILENT_LOG);
  const digest = await services.planner.digestOf(newsletter, new Date().toISOString());
  if (!digest) return context.err.line(`${newsletterName(newsletter)}: nothing new since ${newsletter.cursor}; no issue would be sent`);
  const links = { unsubscribeUrl: services.links.unsubscribe(newsletter, 'A'.repeat(43)) };
  context.out.line(input.values.html === true ? renderDigestHtml(digest, links) : renderDigestText(digest, links));
}

export async function runNewsletterSend(input: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const newsletter = await existing(target, refOf(input));
  const now = new Date().toISOString();
  if (input.values['dry-run'] === true) {
    const services = await newsletterServicesOf(target, context.env, SILENT_LOG);
    const digest = await services.planner.digestOf(newsletter, now);
    const counts = await subscriberStore(target).counts(newsletter);
    if (!digest) return context.out.line(`${newsletterName(newsletter)}: nothing new since ${newsletter.cursor}; nothing would be sent`);
    context.out.line(`${newsletterName(newsletter)}: would send "${digest.posts[0]?.title}" and ${digest.posts.length - 1} more post(s) to ${counts.confirmed} confirmed subscriber(s) (suppressed addresses are skipped at send time)`);
    for (const post of digest.posts) context.out.line(`  ${post.publishedAt}  ${post.title}`);
    return;
  }
  const services = await newsletterServicesOf(target, context.env, SILENT_LOG, sendingAccessOf(target, context.env));
  const outcome = await services.planner.planIssue(newsletter, now);
  if (outcome.kind === 'nothing-new') return context.out.line(`${newsletterName(newsletter)}: nothing new; no issue sent`);
  if (outcome.kind === 'already-planned') return context.out.line(`${newsletterName(newsletter)}: another run planned this issue first`);
  context.out.line(`${newsletterName(newsletter)}: sent ${outcome.posts} post(s) to ${outcome.recipients} subscriber(s)`);
}

export async function runNewsletterExport(input: CommandInput, context: CommandContext): Promise<void> {
  const address = addressOf(input);
  const privacy = await subscriberPrivacy(await context.target(), context.env);
  context.out.line(JSON.stringify(await privacy.export(address), null, 2));
}

export async function runNewsletterForget(input: CommandInput, context: CommandContext): Promise<void> {
  const address = addressOf(input);
  const privacy = await subscriberPrivacy(await context.target(), context.env);
  const erased = await privacy.forget(address, { includingSuppression: input.values['including-suppression'] === true });
  context.out.line(`erased ${erased.subscriptions} subscription(s)${erased.suppression ? ' and the suppression entry' : ''}`);
}

function refOf({ positionals: [name = ''] }: CommandInput): NewsletterRef {
  const ref = parseNewsletterName(name);
  if (!ref) throw new InputError(`${name}: must be <publication>/<id>, e.g. default/morning-brief`);
  return ref;
}

function addressOf({ positionals: [address = ''] }: CommandInput): string {
  const parsed = SubscriberAddressSchema.safeParse(address);
  // The reason, not the address: terminals and CI logs keep what they print.
  if (!parsed.success) throw new InputError(`the address: ${parsed.error.issues[0]?.message ?? 'must be an e-mail address'}`);
  return parsed.data;
}

async function existing(target: CliTarget, ref: NewsletterRef): Promise<StoredNewsletter> {
  const newsletter = await newsletterStore(target).get(ref);
  if (!newsletter) throw new InputError(`no newsletter ${newsletterName(ref)}`);
  return newsletter;
}

/** `daily 07:00 Asia/Tashkent` or `weekly monday 09:00 Europe/Berlin`, as the schema's object. */
function scheduleOf(text: string): unknown {
  const words = text.trim().split(/\s+/);
  if (words[0] === 'weekly') return { frequency: 'weekly', weekday: words[1]?.toLowerCase(), time: words[2], timeZone: words[3] };
  return { frequency: words[0], time: words[1], timeZone: words[2] };
}

function describeSchedule(schedule: NewsletterSchedule): string {
  return schedule.frequency === 'daily' ? `daily at ${schedule.time} ${schedule.timeZone}` : `weekly on ${schedule.weekday} at ${schedule.time} ${schedule.timeZone}`;
}

const SendEnvSchema = z.object({ FEEDLINE_NEWSLETTER_BASE_URL: z.url().optional(), FEEDLINE_SES_CONFIGURATION_SET: z.string().min(1).optional() });

/** SES where the target is: the local emulator, or the account's SES with the deployment's configuration set. */
function sendingAccessOf(target: CliTarget, env: Record<string, string | undefined>): SendingAccess {
  const vars = SendEnvSchema.parse(env);
  const baseUrl = vars.FEEDLINE_NEWSLETTER_BASE_URL ?? target.newsletter?.baseUrl;
  if (!baseUrl) throw new InputError('set FEEDLINE_NEWSLETTER_BASE_URL to the newsletter endpoint (the stack output NewsletterUrl)');
  const { region, credentials } = target.clientOptions;
  const ses = createSesClient({ region, endpoint: target.newsletter?.sesEndpoint, ...(credentials ? { credentials } : {}) });
  return { baseUrl, mailer: new SesMailer(ses, vars.FEEDLINE_SES_CONFIGURATION_SET) };
}
