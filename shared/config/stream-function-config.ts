import * as z from '../validation/zod-mini.ts';
import { ConfigError } from './config-error.ts';
import type { SiteConfig } from './site-config.ts';
import { siteConfigFromEnv } from './site-config-from-env.ts';
import type { AwsClientOptions } from '../aws/aws-clients.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

/** A comma-separated list of WebSub hub URLs, as environment variables and `-c` flags carry it. */
export const HubUrlListSchema = z.pipe(
  z.pipe(
    z._default(z.string(), ''),
    z.transform((list: string) => list.split(',').map((url) => url.trim()).filter((url) => url !== '')),
  ),
  // Not z.httpUrl: its host rule refuses IP literals, and a hub under test listens on 127.0.0.1.
  z.array(z.url({ protocol: /^https?$/, error: 'each hub must be an http(s) URL' })),
);

/** One schema for every required variable: schemas are immutable, and each one built is import time. */
const requiredString = z.string().check(z.minLength(1));

/**
 * Environment of the stream function (set by the CDK stack), which `npm start` and the CLI's
 * recovery commands set the same way. Validated once at the edge with clear messages.
 */
export const StreamFunctionEnvSchema = z.object({
  TABLE_NAME: requiredString,
  BUCKET_NAME: requiredString,
  AWS_REGION: z._default(requiredString, 'us-east-1'),
  SITE_TITLE: requiredString,
  SITE_DESCRIPTION: requiredString,
  SITE_URL: requiredString,
  FEED_BASE_URL: requiredString,
  SITE_LANGUAGE: z._default(z.string(), 'en'),
  TAG_AUTHORITY: requiredString,
  ITEMS_PER_FEED: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 50),
  FEED_CACHE_CONTROL: z.optional(z.string()),
  ARCHIVE_CACHE_CONTROL: z.optional(z.string()),
  /** WebSub hubs, comma-separated: advertised in every feed and pinged when its bytes change. */
  WEBSUB_HUB_URLS: HubUrlListSchema,
  /** Offline only: emulator endpoints. Never set in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  S3_ENDPOINT: z.optional(z.url()),
  S3_FORCE_PATH_STYLE: z.optional(z.enum(['true', 'false'])),
});

export type StreamFunctionEnv = z.output<typeof StreamFunctionEnvSchema>;

export interface StreamFunctionConfig {
  tableName: string;
  bucketName: string;
  site: SiteConfig;
  aws: AwsClientOptions;
}

/** Parses an environment map (usually `process.env`) into typed runtime config. */
export function loadStreamFunctionConfig(env: Record<string, string | undefined>): StreamFunctionConfig {
  const parsed = StreamFunctionEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid environment: ${describeSchemaError(parsed.error)}`);
  const vars = parsed.data;
  return {
    tableName: vars.TABLE_NAME,
    bucketName: vars.BUCKET_NAME,
    site: siteConfigFromEnv(vars),
    aws: {
      region: vars.AWS_REGION,
      dynamoDbEndpoint: vars.DYNAMODB_ENDPOINT,
      s3Endpoint: vars.S3_ENDPOINT,
      s3ForcePathStyle: vars.S3_FORCE_PATH_STYLE === 'true',
    },
  };
}
