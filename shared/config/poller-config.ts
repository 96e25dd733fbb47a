import * as z from '../validation/zod-mini.ts';
import type { AwsClientOptions } from '../aws/aws-clients.ts';
import type { AddressPolicy } from '../ingest/fetch/address-policy.ts';
import type { PollRunSettings } from '../ingest/feed-poller.ts';
import type { ScheduleSettings } from '../ingest/schedule/schedule-settings.ts';
import type { PushSettings } from '../ingest/websub/push-lifecycle.ts';
import { ConfigError } from './config-error.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

const positiveInteger = (fallback: number, max: number) => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max)), fallback);

/**
 * Environment of the poller Lambda (set by the CDK stack) and of `npm start`'s poll loop.
 * The poller renders nothing, so it needs no site or bucket settings.
 */
export const PollerEnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  /** Offline only: the DynamoDB Local endpoint. Never set in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** Sent on every request; names us and a contact page, as polite crawlers do. */
  POLL_USER_AGENT: z._default(z.string().check(z.minLength(8), z.maxLength(300)), 'Feedline/0.1 (feed poller; +https://github.com/feedline/feedline)'),
  POLL_CONCURRENCY: positiveInteger(16, 256),
  POLL_PER_HOST_CONCURRENCY: positiveInteger(2, 32),
  POLL_MAX_SUBSCRIPTIONS_PER_RUN: positiveInteger(1_000, 100_000),
  POLL_MAX_ITEMS_PER_FEED: positiveInteger(200, 1_000),
  FETCH_TIMEOUT_MS: positiveInteger(20_000, 120_000),
  FETCH_MAX_BODY_BYTES: positiveInteger(5_000_000, 50_000_000),
  POLL_INTERVAL_SECONDS: positiveInteger(900, 86_400),
  POLL_MAX_INTERVAL_SECONDS: positiveInteger(86_400, 7 * 86_400),
  POLL_ERROR_BACKOFF_SECONDS: positiveInteger(300, 86_400),
  POLL_MAX_CONSECUTIVE_ERRORS: positiveInteger(10, 1_000),
  /** Must exceed FETCH_TIMEOUT_MS plus writing a feed's items. */
  POLL_LEASE_SECONDS: positiveInteger(300, 3_600),
  /**
   * SSRF guard off: private, loopback and link-local addresses become reachable. For `npm start`
   * and tests with feeds on 127.0.0.1 only; exactly the string `true` turns it off.
   */
  POLL_ALLOW_PRIVATE_ADDRESSES: z._default(z.enum(['true', 'false']), 'false'),
  /**
   * WebSub: where hubs reach our callback (the callback function's URL, or the local server).
   * Unset, the poller records advertised hubs but never subscribes.
   */
  WEBSUB_CALLBACK_BASE_URL: z.optional(z.url({ protocol: /^https?$/ })),
  /** The lease asked of hubs; 10 days by default. Hubs may grant less. */
  WEBSUB_LEASE_SECONDS: positiveInteger(864_000, 366 * 86_400),
  /** How long to wait for a hub's verification, or after a failure or denial, before asking again. */
  WEBSUB_RETRY_SECONDS: positiveInteger(3_600, 7 * 86_400),
});

export interface PollerConfig {
  tableName: string;
  aws: AwsClientOptions;
  fetch: {
    userAgent: string;
    timeoutMs: number;
    maxBodyBytes: number;
    perHostConcurrency: number;
    policy: AddressPolicy;
  };
  schedule: ScheduleSettings;
  run: PollRunSettings;
  maxItemsPerFeed: number;
  /** Present when WebSub subscribing is on. */
  websub?: { callbackBaseUrl: string; push: PushSettings };
}

export function loadPollerConfig(env: Record<string, string | undefined>): PollerConfig {
  const parsed = PollerEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid poller environment: ${describeSchemaError(parsed.error)}`);
  const vars = parsed.data;
  if (vars.POLL_LEASE_SECONDS * 1000 <= vars.FETCH_TIMEOUT_MS) {
    throw new ConfigError('invalid poller environment: POLL_LEASE_SECONDS must be longer than FETCH_TIMEOUT_MS');
  }
  return {
    tableName: vars.TABLE_NAME,
    aws: { region: vars.AWS_REGION, dynamoDbEndpoint: vars.DYNAMODB_ENDPOINT },
    fetch: {
      userAgent: vars.POLL_USER_AGENT,
      timeoutMs: vars.FETCH_TIMEOUT_MS,
      maxBodyBytes: vars.FETCH_MAX_BODY_BYTES,
      perHostConcurrency: vars.POLL_PER_HOST_CONCURRENCY,
      policy: { allowPrivateNetworks: vars.POLL_ALLOW_PRIVATE_ADDRESSES === 'true' },
    },
    schedule: {
      pollIntervalMs: vars.POLL_INTERVAL_SECONDS * 1000,
      maxIntervalMs: vars.POLL_MAX_INTERVAL_SECONDS * 1000,
      errorBackoffBaseMs: vars.POLL_ERROR_BACKOFF_SECONDS * 1000,
      maxConsecutiveErrors: vars.POLL_MAX_CONSECUTIVE_ERRORS,
    },
    run: {
      concurrency: vars.POLL_CONCURRENCY,
      maxSubscriptionsPerRun: vars.POLL_MAX_SUBSCRIPTIONS_PER_RUN,
      leaseMs: vars.POLL_LEASE_SECONDS * 1000,
    },
    maxItemsPerFeed: vars.POLL_MAX_ITEMS_PER_FEED,
    ...(vars.WEBSUB_CALLBACK_BASE_URL === undefined
      ? {}
      : {
          websub: {
            callbackBaseUrl: vars.WEBSUB_CALLBACK_BASE_URL,
            push: {
              requestedLeaseSeconds: vars.WEBSUB_LEASE_SECONDS,
              retryAfterMs: vars.WEBSUB_RETRY_SECONDS * 1000,
              // While push is live the poller is a backstop at the cap (WebSub section 6 leaves polling to us).
              backstopMs: vars.POLL_MAX_INTERVAL_SECONDS * 1000,
            },
          },
        }),
  };
}
