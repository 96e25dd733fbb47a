import * as z from '../validation/zod-mini.ts';
import type { AwsClientOptions } from '../aws/aws-clients.ts';
import { PollerEnvSchema } from './poller-config.ts';
import { ConfigError } from './config-error.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

/**
 * Environment of the poll scheduler (functions/poller): it finds due subscriptions and sends
 * them to the poll queue, so it needs the table and the queue, none of the fetch settings.
 */
export const PollSchedulerEnvSchema = z.extend(z.pick(PollerEnvSchema, { TABLE_NAME: true, AWS_REGION: true, DYNAMODB_ENDPOINT: true }), {
  /** The queue the workers poll from (the stack's `PollQueue`, or the local stand-in's). */
  POLL_QUEUE_URL: z.url(),
  /** Offline only: the local SQS stand-in. Never set in AWS. */
  SQS_ENDPOINT: z.optional(z.url()),
  /** Sending is cheap (500 requests for 5,000): a run sends everything due up to this bound. */
  POLL_MAX_SUBSCRIPTIONS_PER_RUN: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100_000)), 20_000),
});

export interface PollSchedulerConfig {
  tableName: string;
  aws: AwsClientOptions;
  queueUrl: string;
  sqsEndpoint?: string;
  maxSubscriptionsPerRun: number;
}

export function loadPollSchedulerConfig(env: Record<string, string | undefined>): PollSchedulerConfig {
  const parsed = PollSchedulerEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`invalid poll scheduler environment: ${describeSchemaError(parsed.error)}`);
  }
  const vars = parsed.data;
  return {
    tableName: vars.TABLE_NAME,
    aws: { region: vars.AWS_REGION, dynamoDbEndpoint: vars.DYNAMODB_ENDPOINT },
    queueUrl: vars.POLL_QUEUE_URL,
    ...(vars.SQS_ENDPOINT === undefined ? {} : { sqsEndpoint: vars.SQS_ENDPOINT }),
    maxSubscriptionsPerRun: vars.POLL_MAX_SUBSCRIPTIONS_PER_RUN,
  };
}
