import * as z from 'zod';
import { loadPollerConfig, type PollerConfig } from '../shared/config/poller-config.ts';
import { createFeedPoller } from '../shared/ingest/create-feed-poller.ts';
import { HubClient } from '../shared/ingest/websub/hub-client.ts';
import { requestUnsubscribe } from '../shared/ingest/websub/hub-subscriber.ts';
import { SubscriptionNotFoundError, type PollRunSummary } from '../shared/ingest/feed-poller.ts';
import type { EventLog } from '../shared/log/event-log.ts';
import { SubscriptionIdSchema, TopicSchema, type Topic } from '../shared/post/post-schema.ts';
import { subscriptionIdForUrl, type Subscription } from '../shared/store/subscription.ts';
import { SubscriptionExistsError, SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { WebSubPushStateStore } from '../shared/store/websub-push-state-store.ts';
import { describeSchemaError } from '../shared/validation/field-problems.ts';
import { sourceFeedId, feedObjectKey } from '../shared/feed/feed-id.ts';
import { publicationObjectPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import type { CommandContext, CommandInput, CommandOutput } from './command-table.ts';
import { readFeedOnce, subscriptionIdFromTitle, type FirstRead } from './feed-first-read.ts';
import { describeOptionProblems } from './option-problems.ts';
import { knownPublication, publicationOption } from './publication-option.ts';

const AddArgsSchema = z.object({
  topic: z.array(z.string()).default([]),
  id: z.optional(SubscriptionIdSchema),
  title: z.string().trim().min(1).max(200).optional(),
});

const FeedUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/**
 * `sub add <url>`: checks the input, reads the feed once to check it and name it, then subscribes.
 * A URL that does not answer with a feed is refused unless `--force`.
 */
export async function runSubAdd(input: CommandInput, context: CommandContext): Promise<void> {
  const addition = subscriptionToAdd(input.positionals[0] ?? '', parseInput(AddArgsSchema, input.values));
  publicationOption(input.values);
  const target = await context.target();
  const publication = await knownPublication(input.values, target);
  const read = await readFeedOnce(addition.url, pollerConfigFor(target, input, context.env).fetch);
  acceptFirstRead(read, addition.url, input.values.force === true, context.err);
  const id = addition.id ?? idFromFeed(addition.url, read);
  const registry = new SubscriptionRegistry(target.clients.documents, target.tableName);
  await addSubscription(registry, { ...addition, id, publication }, target, context.out);
}

/** `sub list`: the publication's subscriptions, one Query of the `subscriptionsByPublication` index. */
export async function runSubList({ values }: CommandInput, context: CommandContext): Promise<void> {
  publicationOption(values);
  const target = await context.target();
  const publication = await knownPublication(values, target);
  const subscriptions = await new SubscriptionRegistry(target.clients.documents, target.tableName).listByPublication(publication);
  if (values.json === true) return context.out.line(JSON.stringify(subscriptions.map(withoutPushSecrets)));
  for (const subscription of subscriptions) for (const line of describeSubscription(subscription)) context.out.line(line);
  context.out.line(`${subscriptions.length} subscription(s)`);
}

export async function runSubRemove(input: CommandInput, context: CommandContext): Promise<void> {
  publicationOption(input.values);
  const target = await context.target();
  const registry = new SubscriptionRegistry(target.clients.documents, target.tableName);
  const id = input.positionals[0] ?? '';
  await refuseOtherPublication(registry, id, await knownPublication(input.values, target));
  const stores = { registry, pushStates: new WebSubPushStateStore(target.clients.documents, target.tableName) };
  await removeSubscription(stores, id, pollerConfigFor(target, input, context.env), context.out);
}

export async function runSubEnable({ positionals: [id = ''], values }: CommandInput, context: CommandContext): Promise<void> {
  publicationOption(values);
  const target = await context.target();
  const registry = new SubscriptionRegistry(target.clients.documents, target.tableName);
  await refuseOtherPublication(registry, id, await knownPublication(values, target));
  if (!(await registry.enable(id, new Date()))) throw new InputError(`no subscription ${id}`);
  context.out.line(`enabled ${id}; due now`);
}

/**
 * `sub poll [<id>]`: one subscription of the publication, or every due one; without
 * `--publication` and without an id, every due subscription of every publication, as the
 * scheduled run polls them.
 */
export async function runSubPoll(input: CommandInput, context: CommandContext): Promise<void> {
  publicationOption(input.values);
  const target = await context.target();
  const registry = new SubscriptionRegistry(target.clients.documents, target.tableName);
  const id = input.positionals[0];
  const publication = await knownPublication(input.values, target);
  if (id !== undefined) await refuseOtherPublication(registry, id, publication);
  const scope: PollScope = id !== undefined ? { ids: [id] } : input.values.publication === undefined ? 'due' : { ids: await dueIds(registry, publication) };
  await pollSubscriptions(target, scope, pollerConfigFor(target, input, context.env), context);
}

/** Subscription ids are unique across the network; a command names the publication it means to touch. */
async function refuseOtherPublication(registry: SubscriptionRegistry, id: string, publication: PublicationId): Promise<void> {
  const subscription = await registry.get(id);
  if (subscription && subscription.publication !== publication) {
    throw new InputError(`subscription ${id} belongs to publication ${subscription.publication}; pass --publication ${subscription.publication}`);
  }
}

async function dueIds(registry: SubscriptionRegistry, publication: PublicationId): Promise<string[]> {
  const now = new Date().toISOString();
  const subscriptions = await registry.listByPublication(publication);
  return subscriptions.filter((subscription) => subscription.enabled && subscription.nextFetchAt <= now).map((subscription) => subscription.id);
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InputError(describeOptionProblems(parsed.error));
}

interface Addition {
  id?: string;
  url: string;
  title?: string;
  topics: Topic[];
  publication?: PublicationId;
}

function subscriptionToAdd(url: string, args: z.output<typeof AddArgsSchema>): Addition {
  const parsedUrl = FeedUrlSchema.safeParse(url);
  if (!parsedUrl.success) throw new InputError(`${url}: must be an absolute http(s) URL`);
  const topics = args.topic.map(topicOf);
  if (new Set(topics.map((topic) => topic.slug)).size !== topics.length) throw new InputError('--topic: the same topic is given twice');
  return { ...(args.id ? { id: args.id } : {}), url: normalisedFeedUrl(parsedUrl.data), ...(args.title ? { title: args.title } : {}), topics };
}

/**
 * The WHATWG serialisation: `..` and `.` segments resolved, including their percent-encoded forms
 * (`%2e%2e`), which the URL standard treats as the same segments; the fetcher requests that
 * resolved path anyway, so the stored URL (and the id derived from it) is what is actually polled.
 */
function normalisedFeedUrl(url: string): string {
  return new URL(url).href;
}

/** `press-freedom` or `press-freedom=Press freedom`; without a label, one is made from the slug. */
function topicOf(value: string): Topic {
  const [slug = '', ...label] = value.split('=');
  const topic = TopicSchema.safeParse({ slug, label: label.join('=') || labelOf(slug) });
  if (!topic.success) throw new InputError(`--topic ${value}: ${describeSchemaError(topic.error)}`);
  return topic.data;
}

function labelOf(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The one validation fetch decides: no feed, no subscription, unless forced (a partner feed down today). */
function acceptFirstRead(read: FirstRead, url: string, force: boolean, err: CommandOutput): void {
  if (read.ok) return;
  if (!force) throw new InputError(`${url} is not a feed we can read now (${read.reason}); not subscribed (pass --force to subscribe anyway)`);
  err.line(`note: could not read the feed now (${read.reason}); subscribing anyway, the poller will retry`);
}

/** `steppe-wire` from the feed's title; the host and a hash of the URL when the feed cannot be read or named. */
function idFromFeed(url: string, read: FirstRead): string {
  const fromTitle = read.ok ? subscriptionIdFromTitle(read.feed.title) : undefined;
  return fromTitle ?? subscriptionIdForUrl(url);
}

async function addSubscription(store: SubscriptionRegistry, addition: Addition & { id: string }, target: CliTarget, out: CommandOutput): Promise<void> {
  try {
    const subscription = await store.add(addition, new Date());
    const inPublication = subscription.publication === 'default' ? '' : ` in ${subscription.publication}`;
    out.line(`subscribed ${subscription.id}${inPublication} to ${subscription.url}; topics: ${subscription.topics.map((topic) => topic.slug).join(', ') || 'none'}`);
    const publicationFlag = inPublication ? ` --publication ${subscription.publication}` : '';
    out.line(`  its items appear after the next poll run (or run: feedline sub poll ${subscription.id}${publicationFlag})`);
    const objectKey = publicationObjectPrefix(subscription.publication) + feedObjectKey(sourceFeedId(subscription.id), 'atom');
    if (target.feedServerUrl) out.line(`  ${new URL(objectKey, target.feedServerUrl)}`);
  } catch (error) {
    if (error instanceof SubscriptionExistsError) throw new InputError(`${error.message} (pass --id to subscribe the same URL twice)`);
    throw error;
  }
}

/** The hub's signing secret and callback token stay out of listings that scripts keep. */
function withoutPushSecrets({ push, ...subscription }: Subscription): Record<string, unknown> {
  if (!push) return subscription;
  const { secret: _secret, token: _token, callbackUrl: _callbackUrl, ...shown } = push;
  return { ...subscription, push: shown };
}

/** One block per subscription: what an operator checks first (health), then the detail. */
export function describeSubscription(subscription: Subscription): string[] {
  const lines = [
    `${subscription.id}  ${healthOf(subscription)}  ${subscription.url}`,
    `    last success ${subscription.lastSuccessAt ?? 'never'}; consecutive errors ${subscription.consecutiveErrors}; ` +
      (subscription.enabled ? `next poll ${subscription.nextFetchAt}` : `disabled: ${subscription.disabledReason ?? 'by hand'}`),
    `    topics: ${subscription.topics.map((topic) => topic.slug).join(', ') || 'none'}${subscription.title ? `; title: ${subscription.title}` : ''}`,
  ];
  const error = subscription.lastError;
  if (error && subscription.consecutiveErrors > 0) lines.push(`    last error at ${error.at}: [${error.kind}${error.status ? ` ${error.status}` : ''}] ${error.message}`);
  const push = pushLine(subscription);
  if (push) lines.push(push);
  return lines;
}

/** WebSub at a glance: whether the hub pushes, until when, and why not when it does not. */
function pushLine(subscription: Subscription): string | undefined {
  const push = subscription.push;
  if (!push) return subscription.hub ? `    websub: hub ${subscription.hub.hubUrl} advertised, not subscribed` : undefined;
  const lease = push.leaseExpiresAt ? `; lease until ${push.leaseExpiresAt}` : '';
  const last = push.lastPushAt ? `; last push ${push.lastPushAt}` : '';
  const problem = push.state === 'denied' || push.state === 'failed' ? `: ${push.lastError?.message ?? push.deniedReason ?? 'no detail'}` : '';
  return `    websub: ${push.state} at ${push.hubUrl}${lease}${last}${problem}`;
}

function healthOf(subscription: Subscription): string {
  if (!subscription.enabled) return 'DISABLED';
  if (subscription.consecutiveErrors > 0) return `FAILING(${subscription.consecutiveErrors})`;
  return subscription.lastSuccessAt ? 'ok' : 'new';
}

async function removeSubscription(
  { registry, pushStates }: { registry: SubscriptionRegistry; pushStates: WebSubPushStateStore },
  id: string,
  config: PollerConfig,
  out: CommandOutput,
): Promise<void> {
  const subscription = await registry.get(id);
  if (!subscription || !(await registry.remove(id))) throw new InputError(`no subscription ${id}`);
  out.line(`removed ${id}; its posts stay published`);
  if (!subscription.push) return;
  // Best effort: a hub that cannot be reached keeps pushing until its lease ends, and we answer 410.
  const hub = new HubClient(config.fetch);
  try {
    if (await requestUnsubscribe(subscription, hub, pushStates, config.websub?.callbackBaseUrl)) out.line(`  asked the hub ${subscription.push.hubUrl} to stop pushing`);
  } catch (error) {
    out.line(`  note: the hub's unsubscribe failed (${error instanceof Error ? error.message : String(error)}); its lease will run out`);
  } finally {
    await hub.close();
  }
}

/**
 * Runs the poll in this process against the target table, with the same code as the Lambda.
 * Against the local pipeline it uses the local poll settings (SSRF guard off, for 127.0.0.1).
 */
type PollScope = 'due' | { ids: string[] };

async function pollSubscriptions(target: CliTarget, scope: PollScope, config: PollerConfig, context: CommandContext): Promise<void> {
  if (config.fetch.policy.allowPrivateNetworks) context.err.line('note: SSRF guard off for this poll (private and loopback addresses allowed)');
  const { poller, subscriptions, close } = createFeedPoller({ documents: target.clients.documents, config, log: pollReport(context.out) });
  try {
    const summary: PollRunSummary = scope === 'due' ? await poller.runDue() : await poller.pollNow(scope.ids);
    context.out.line(
      `polled ${summary.polled} of ${summary.due}: ${summary.changed} changed, ${summary.unchanged} unchanged, ${summary.notModified} not modified, ${summary.failed} failed, ${summary.gone} gone; ${summary.itemsCreated} new and ${summary.itemsUpdated} updated items`,
    );
    const [only] = scope === 'due' || scope.ids.length !== 1 ? [] : scope.ids;
    if (only !== undefined) for (const line of describeSubscription((await subscriptions.get(only)) as Subscription)) context.out.line(line);
  } catch (error) {
    if (error instanceof SubscriptionNotFoundError) throw new InputError(error.message);
    throw error;
  } finally {
    await close();
  }
}

/**
 * The poller's settings for this target, over the process environment: the local pipeline's own
 * (SSRF guard off, for 127.0.0.1) there, the guard on elsewhere unless `--allow-private-addresses`.
 */
function pollerConfigFor(target: CliTarget, { values }: CommandInput, env: CommandContext['env']): PollerConfig {
  return loadPollerConfig({
    ...env,
    TABLE_NAME: target.tableName,
    ...target.pollerEnvironment,
    ...(values['allow-private-addresses'] === true ? { POLL_ALLOW_PRIVATE_ADDRESSES: 'true' } : {}),
  });
}

/** The poller's events as one readable line each. */
function pollReport(out: CommandOutput): EventLog {
  const line = (message: string, attributes: Record<string, unknown> = {}) => {
    if (message === 'poll run done') return;
    const error = attributes.error as { message?: string } | undefined;
    const items = attributes.items as { created?: number; updated?: number } | undefined;
    const detail = error?.message ?? (items ? `${items.created ?? 0} new, ${items.updated ?? 0} updated` : '');
    out.line(`${String(attributes.subscriptionId ?? '')}: ${message}${attributes.outcome ? ` (${String(attributes.outcome)})` : ''}${detail ? `: ${detail}` : ''}`);
  };
  return { debug: () => undefined, info: line, warn: line, error: line };
}
