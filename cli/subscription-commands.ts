import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadPollerConfig, type PollerConfig } from '../shared/config/poller-env.ts';
import { createFeedPoller } from '../shared/ingest/create-feed-poller.ts';
import { HubClient } from '../shared/ingest/websub/hub-client.ts';
import { requestUnsubscribe } from '../shared/ingest/websub/hub-subscriber.ts';
import { SubscriptionNotFoundError, type PollRunSummary } from '../shared/ingest/poll-run.ts';
import type { EventLog } from '../shared/log/event-log.ts';
import { SubscriptionIdSchema, TopicSchema, type Topic } from '../shared/post/post-schema.ts';
import { subscriptionIdForUrl, type Subscription } from '../shared/store/subscription.ts';
import { SubscriptionExistsError, SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { sourceFeedId, feedObjectKey } from '../shared/feed/feed-id.ts';
import { LOCAL_POLLER_ENV } from '../local/local-poller-env.ts';
import type { CliTarget, TargetOptions } from './cli-target.ts';
import { InputError, type CommandOutput } from './post-commands.ts';

export const SUBSCRIPTION_USAGE = `  sub add <url> [--topic <slug>[=<Label>]]... [--id <id>] [--title <title>]
                           subscribe to an RSS, Atom or JSON feed; polled on the next run
  sub list                 every subscription and its health: last success, errors, next poll
  sub remove <id>          unsubscribe, at its WebSub hub too (posts already ingested stay published)
  sub poll [<id>]          poll one subscription now, or every due one
  sub enable <id>          poll a disabled (410 Gone) subscription again`;

export const SUBSCRIPTION_OPTIONS_USAGE = `  --allow-private-addresses   sub poll/remove with --table: turn the SSRF guard off (never in production)`;

export class SubscriptionUsageError extends Error {
  override readonly name = 'SubscriptionUsageError';
}

const ArgsSchema = z.object({
  table: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  topic: z.array(z.string()).default([]),
  id: SubscriptionIdSchema.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  'allow-private-addresses': z.boolean().default(false),
});

const FeedUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

export interface SubscriptionCommandContext {
  out: CommandOutput;
  /** Where the command connects; called only after the input is valid. */
  resolveTarget: (options: TargetOptions) => Promise<CliTarget>;
  env: Record<string, string | undefined>;
}

/** `feedline sub …`: parses its own arguments (it has options the post commands do not). */
export async function runSubscriptionCommand(argv: string[], context: SubscriptionCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      topic: { type: 'string', multiple: true },
      id: { type: 'string' },
      title: { type: 'string' },
      'allow-private-addresses': { type: 'boolean' },
    },
  });
  const args = parseInput(ArgsSchema, values);
  const [command, argument] = positionals;
  // Validate input before connecting anywhere.
  const addition = command === 'add' ? subscriptionToAdd(argument, args) : undefined;
  if (!['add', 'list', 'remove', 'poll', 'enable'].includes(command ?? '') || (['remove', 'enable'].includes(command ?? '') && !argument)) {
    throw new SubscriptionUsageError(`unknown or incomplete command "sub ${command ?? ''}"`);
  }
  const target = await context.resolveTarget({ table: args.table ?? context.env.FEEDLINE_TABLE, region: args.region ?? context.env.AWS_REGION, stateFile: context.env.FEEDLINE_LOCAL_STATE });
  const store = new SubscriptionRegistry(target.clients.documents, target.tableName);
  const out = context.out;
  if (addition) return addSubscription(store, addition, target, out);
  if (command === 'list') return listSubscriptions(store, out);
  if (command === 'remove') return removeSubscription(store, argument as string, pollerConfigFor(target, args['allow-private-addresses'], context.env), out);
  if (command === 'enable') return enableSubscription(store, argument as string, out);
  return pollSubscriptions(target, argument, args['allow-private-addresses'], context);
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError(`--${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'invalid'}`);
}

interface Addition {
  id: string;
  url: string;
  title?: string;
  topics: Topic[];
}

function subscriptionToAdd(url: string | undefined, args: z.output<typeof ArgsSchema>): Addition {
  if (!url) throw new SubscriptionUsageError('sub add needs a feed URL');
  const parsedUrl = FeedUrlSchema.safeParse(url);
  if (!parsedUrl.success) throw new InputError(`${url}: must be an absolute http(s) URL`);
  const topics = args.topic.map(topicOf);
  if (new Set(topics.map((topic) => topic.slug)).size !== topics.length) throw new InputError('--topic: the same topic is given twice');
  return { id: args.id ?? subscriptionIdForUrl(parsedUrl.data), url: parsedUrl.data, ...(args.title ? { title: args.title } : {}), topics };
}

/** `press-freedom` or `press-freedom=Press freedom`; without a label, one is made from the slug. */
function topicOf(value: string): Topic {
  const [slug = '', ...label] = value.split('=');
  const topic = TopicSchema.safeParse({ slug, label: label.join('=') || labelOf(slug) });
  if (!topic.success) throw new InputError(`--topic ${value}: ${topic.error.issues[0]?.message ?? 'invalid'}`);
  return topic.data;
}

function labelOf(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

async function addSubscription(store: SubscriptionRegistry, addition: Addition, target: CliTarget, out: CommandOutput): Promise<void> {
  try {
    const subscription = await store.add(addition, new Date());
    out.line(`subscribed ${subscription.id} to ${subscription.url}; topics: ${subscription.topics.map((topic) => topic.slug).join(', ') || 'none'}`);
    out.line('  its items appear after the next poll run (or run: feedline sub poll ' + subscription.id + ')');
    if (target.feedServerUrl) out.line(`  ${new URL(feedObjectKey(sourceFeedId(subscription.id), 'atom'), target.feedServerUrl)}`);
  } catch (error) {
    if (error instanceof SubscriptionExistsError) throw new InputError(`${error.message} (pass --id to subscribe the same URL twice)`);
    throw error;
  }
}

async function listSubscriptions(store: SubscriptionRegistry, out: CommandOutput): Promise<void> {
  const subscriptions = await store.listAll();
  for (const subscription of subscriptions) for (const line of describeSubscription(subscription)) out.line(line);
  out.line(`${subscriptions.length} subscription(s)`);
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

async function removeSubscription(store: SubscriptionRegistry, id: string, config: PollerConfig, out: CommandOutput): Promise<void> {
  const subscription = await store.get(id);
  if (!subscription || !(await store.remove(id))) return out.line(`no subscription ${id}`);
  out.line(`removed ${id}; its posts stay published`);
  if (!subscription.push) return;
  // Best effort: a hub that cannot be reached keeps pushing until its lease ends, and we answer 410.
  const hub = new HubClient(config.fetch);
  try {
    if (await requestUnsubscribe(subscription, hub, config.websub?.callbackBaseUrl)) out.line(`  asked the hub ${subscription.push.hubUrl} to stop pushing`);
  } catch (error) {
    out.line(`  note: the hub's unsubscribe failed (${error instanceof Error ? error.message : String(error)}); its lease will run out`);
  } finally {
    await hub.close();
  }
}

async function enableSubscription(store: SubscriptionRegistry, id: string, out: CommandOutput): Promise<void> {
  if (!(await store.enable(id, new Date()))) throw new InputError(`no subscription ${id}`);
  out.line(`enabled ${id}; due now`);
}

/**
 * Runs the poll in this process against the target table, with the same code as the Lambda.
 * Against the local pipeline it uses the local poll settings (SSRF guard off, for 127.0.0.1).
 */
async function pollSubscriptions(target: CliTarget, id: string | undefined, allowPrivate: boolean, context: SubscriptionCommandContext): Promise<void> {
  const config = pollerConfigFor(target, allowPrivate, context.env);
  if (config.fetch.policy.allowPrivateNetworks) process.stderr.write('note: SSRF guard off for this poll (private and loopback addresses allowed)\n');
  const { poller, subscriptions, close } = createFeedPoller({ documents: target.clients.documents, config, log: pollReport(context.out) });
  try {
    const summary: PollRunSummary = id ? await poller.pollNow([id]) : await poller.runDue();
    context.out.line(
      `polled ${summary.polled} of ${summary.due}: ${summary.changed} changed, ${summary.unchanged} unchanged, ${summary.notModified} not modified, ${summary.failed} failed, ${summary.gone} gone; ${summary.itemsCreated} new and ${summary.itemsUpdated} updated items`,
    );
    if (id) for (const line of describeSubscription((await subscriptions.get(id)) as Subscription)) context.out.line(line);
  } catch (error) {
    if (error instanceof SubscriptionNotFoundError) throw new InputError(error.message);
    throw error;
  } finally {
    await close();
  }
}

/** The poller's settings for this target: the local ones (SSRF guard off, for 127.0.0.1) against the local pipeline. */
function pollerConfigFor(target: CliTarget, allowPrivate: boolean, env: Record<string, string | undefined>): PollerConfig {
  const local = target.feedServerUrl !== undefined;
  return loadPollerConfig({
    ...env,
    TABLE_NAME: target.tableName,
    // Against the local pipeline, hubs reach the callback on its feed server, as in `npm start`.
    ...(local ? { ...LOCAL_POLLER_ENV, WEBSUB_CALLBACK_BASE_URL: target.feedServerUrl } : {}),
    ...(allowPrivate ? { POLL_ALLOW_PRIVATE_ADDRESSES: 'true' } : {}),
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
