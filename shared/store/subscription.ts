import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SubscriptionIdSchema, TopicSchema } from '../post/post-schema.ts';

export const RecordedErrorSchema = z.object({
  kind: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  at: z.string(),
});

/**
 * A subscription as stored (`SUB#<id>` / `SUB`): what to fetch, where to file its items, and its
 * schedule and health. Read back through this schema, since the table is a boundary too.
 */
export const SubscriptionSchema = z.object({
  id: SubscriptionIdSchema,
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().optional(),
  topics: z.array(TopicSchema).default([]),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** Validators of the last 200, sent back byte for byte. */
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  lastFetchAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  nextFetchAt: z.string(),
  consecutiveErrors: z.number().int().nonnegative().default(0),
  lastStatus: z.number().int().optional(),
  lastError: RecordedErrorSchema.optional(),
  /** Why the poller stopped polling it (410 Gone); absent while enabled. */
  disabledReason: z.string().optional(),
  /** Items written by the last poll that got a body. */
  lastItemsWritten: z.number().int().nonnegative().optional(),
  /** Set while a poll holds the subscription (see `SubscriptionStore.claim`). */
  leaseId: z.string().optional(),
});

export type Subscription = z.output<typeof SubscriptionSchema>;
export type SubscriptionError = z.output<typeof RecordedErrorSchema>;

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
