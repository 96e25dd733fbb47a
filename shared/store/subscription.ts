import { createHash } from 'node:crypto';
import * as z from '../validation/zod-mini.ts';
import { SubscriptionIdSchema, TopicSchema } from '../post/post-schema.ts';
import { DEFAULT_PUBLICATION_ID } from '../publication/publication-keys.ts';
import { PublicationIdSchema } from '../publication/publication-settings.ts';

export const RecordedErrorSchema = z.object({
  kind: z.string(),
  message: z.string(),
  status: z.optional(z.int()),
  at: z.string(),
});

/** A hub the feed advertises, and the topic URL to subscribe to there (WebSub section 4). */
export const HubLinkSchema = z.object({
  hubUrl: z.url({ protocol: /^https?$/ }),
  topicUrl: z.url({ protocol: /^https?$/ }),
});

export const PUSH_STATES = ['pending', 'active', 'denied', 'failed'] as const;

/**
 * Our WebSub subscription at a hub (see `shared/ingest/websub/push-lifecycle.ts` for how the
 * states move). `token` is part of the callback URL of the current attempt, so a verification
 * meant for an older attempt cannot confirm this one; `secret` signs content (≤ 200 bytes).
 */
export const PushStateSchema = z.object({
  state: z.enum(PUSH_STATES),
  hubUrl: z.url(),
  topicUrl: z.url(),
  token: z.string().check(z.minLength(16)),
  /** The callback the hub knows us by (it carries the token); an unsubscribe must name it exactly. */
  callbackUrl: z.optional(z.url()),
  secret: z.string().check(z.minLength(16), z.maxLength(200)),
  requestedAt: z.string(),
  verifiedAt: z.optional(z.string()),
  leaseExpiresAt: z.optional(z.string()),
  lastPushAt: z.optional(z.string()),
  deniedReason: z.optional(z.string()),
  lastError: z.optional(RecordedErrorSchema),
});

/**
 * A subscription as stored (`SUB#<id>` / `SUB`): what to fetch, where to file its items, and its
 * schedule and health. Read back through this schema, since the table is a boundary too.
 */
export const SubscriptionSchema = z.object({
  id: SubscriptionIdSchema,
  url: z.url({ protocol: /^https?$/ }),
  title: z.optional(z.string()),
  topics: z._default(z.array(TopicSchema), []),
  /**
   * The publication whose feeds its items appear in. Items written before publications lack it
   * and read as the default publication; `feedline migrate` writes it so the `byPublication`
   * index lists them.
   */
  publication: z._default(PublicationIdSchema, DEFAULT_PUBLICATION_ID),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** Validators of the last 200, sent back byte for byte. */
  etag: z.optional(z.string()),
  lastModified: z.optional(z.string()),
  lastFetchAt: z.optional(z.string()),
  lastSuccessAt: z.optional(z.string()),
  nextFetchAt: z.string(),
  consecutiveErrors: z._default(z.int().check(z.nonnegative()), 0),
  lastStatus: z.optional(z.int()),
  lastError: z.optional(RecordedErrorSchema),
  /** Why the poller stopped polling it (410 Gone); absent while enabled. */
  disabledReason: z.optional(z.string()),
  /** Items written by the last poll that got a body. */
  lastItemsWritten: z.optional(z.int().check(z.nonnegative())),
  /** The hub the feed advertised at its last 200, if any. */
  hub: z.optional(HubLinkSchema),
  push: z.optional(PushStateSchema),
  /** Set while a poll holds the subscription (see `PollScheduleStore.claim`). */
  leaseId: z.optional(z.string()),
});

export type Subscription = z.output<typeof SubscriptionSchema>;
export type SubscriptionError = z.output<typeof RecordedErrorSchema>;
export type HubLink = z.output<typeof HubLinkSchema>;
export type PushState = z.output<typeof PushStateSchema>;

/**
 * A default id readable in logs and S3 keys: the host as a slug plus 8 hex digits of the URL's
 * hash, e.g. `wire-example-org-3f9a2b1c`. It never changes, even when the URL later moves.
 */
export function subscriptionIdForUrl(url: string): string {
  const host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  const slug = host.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30).replace(/-+$/, '') || 'feed';
  const digest = createHash('sha256').update(url).digest('hex').slice(0, 8);
  return `${slug}-${digest}`;
}
