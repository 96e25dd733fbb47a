import * as z from '../validation/zod-mini.ts';
import type { AwsClientOptions } from '../aws/aws-clients.ts';
import { ConfigError } from './config-error.ts';
import { PollerEnvSchema } from './poller-config.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

/**
 * Environment of the WebSub callback function: the table, and the poller's limits on what one
 * document may hold, so a pushed document is bounded exactly like a polled one.
 */
export const WebSubCallbackEnvSchema = z.pick(PollerEnvSchema, {
  TABLE_NAME: true,
  AWS_REGION: true,
  DYNAMODB_ENDPOINT: true,
  POLL_MAX_ITEMS_PER_FEED: true,
  FETCH_MAX_BODY_BYTES: true,
});

export interface WebSubCallbackConfig {
  tableName: string;
  aws: AwsClientOptions;
  maxItemsPerFeed: number;
  maxBodyBytes: number;
}

export function loadWebSubCallbackConfig(env: Record<string, string | undefined>): WebSubCallbackConfig {
  const parsed = WebSubCallbackEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid websub callback environment: ${describeSchemaError(parsed.error)}`);
  const vars = parsed.data;
  return {
    tableName: vars.TABLE_NAME,
    aws: { region: vars.AWS_REGION, dynamoDbEndpoint: vars.DYNAMODB_ENDPOINT },
    maxItemsPerFeed: vars.POLL_MAX_ITEMS_PER_FEED,
    maxBodyBytes: vars.FETCH_MAX_BODY_BYTES,
  };
}
