import * as z from 'zod';
import { ConfigError } from './config-error.ts';
import type { SiteConfig } from './site-config.ts';
import { siteConfigFromEnv } from './site-config-from-env.ts';
import type { AwsClientOptions } from '../aws/aws-clients.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

/** A comma-separated list of WebSub hub URLs, as environment variables and `-c` flags carry it. */
export const HubUrlListSchema = z
  .string()
  .default('')
  .transform((list) => list.split(',').map((url) => url.trim()).filter((url) => url !== ''))
  // Not z.httpUrl: its host rule refuses IP literals, and a hub under test listens on 127.0.0.1.
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'each hub must be an http(s) URL' })));

/**
 * Environment of the stream function (set by the CDK stack), which `npm start` and the CLI's
 * recovery commands set the same way. Validated once at the edge with clear messages.
 */
export const StreamFunctionEnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  SITE_TITLE: z.string().min(1),
  SITE_DESCRIPTION: z.string().min(1),
  SITE_URL: z.string().min(1),
  FEED_BASE_URL: z.string().min(1),
  SITE_LANGUAGE: z.string().default('en'),
  TAG_AUTHORITY: z.string().min(1),
  ITEMS_PER_FEED: z.coerce.number().int().min(1).max(500).default(50),
  FEED_CACHE_CONTROL: z.string().optional(),
  ARCHIVE_CACHE_CONTROL: z.string().optional(),
  /** WebSub hubs, comma-separated: advertised in every feed and pinged when its bytes change. */
  WEBSUB_HUB_URLS: HubUrlListSchema,
  /** Offline only: emulator endpoints. Never set in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
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
