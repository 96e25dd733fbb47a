import * as z from '../validation/zod-mini.ts';
import type { AwsClientOptions } from '../aws/aws-clients.ts';
import { ConfigError } from './config-error.ts';
import type { SiteConfig } from './site-config.ts';
import { siteConfigFromEnv } from './site-config-from-env.ts';
import { StreamFunctionEnvSchema } from './stream-function-config.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

/**
 * Environment of the four newsletter functions (web, scheduler, sender, SES events), set by the
 * stack and by `npm start`. The default publication's settings come from the same SITE_*
 * variables the stream function reads.
 */
export const NewsletterEnvSchema = z.extend(
  z.pick(StreamFunctionEnvSchema, {
  TABLE_NAME: true,
  AWS_REGION: true,
  SITE_TITLE: true,
  SITE_DESCRIPTION: true,
  SITE_URL: true,
  FEED_BASE_URL: true,
  SITE_LANGUAGE: true,
  TAG_AUTHORITY: true,
  DYNAMODB_ENDPOINT: true,
  }),
  {
  /**
   * Public base URL of the newsletter endpoint (its function URL), ending with `/`: links in mails
   * point there. The endpoint itself may leave it unset and use the domain it was called on (its
   * own URL cannot be in its own environment: CloudFormation would see a cycle).
   */
  NEWSLETTER_BASE_URL: z.optional(z.url().check(z.refine((url) => url.endsWith('/'), 'must end with "/"'))),
  /** In AWS: the Secrets Manager secret holding the 64-hex-digit newsletter key. */
  NEWSLETTER_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /** Offline only: the key itself (64 hex digits). Never set in AWS. */
  NEWSLETTER_SECRET: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal digits'))),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** The scheduler's target. */
  NEWSLETTER_QUEUE_URL: z.optional(z.url()),
  /** Mails a second one sender process may send: the account's SES rate divided by the sender's maximum concurrency. */
  NEWSLETTER_SEND_RATE: z._default(z.coerce.number().check(z.positive(), z.maximum(10_000)), 7),
  SUBSCRIBE_RESPONSE_FLOOR_MS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(10_000)), 1_000),
  /** Offline only: the SES and SQS emulator endpoints. */
  SES_ENDPOINT: z.optional(z.url()),
  SQS_ENDPOINT: z.optional(z.url()),
  },
);

export type NewsletterSecretSource = { kind: 'value'; hex: string } | { kind: 'secrets-manager'; secretId: string };

export interface NewsletterConfig {
  tableName: string;
  site: SiteConfig;
  aws: AwsClientOptions;
  baseUrl?: string;
  secret: NewsletterSecretSource;
  configurationSetName?: string;
  queueUrl?: string;
  sendRatePerSecond: number;
  subscribeResponseFloorMs: number;
  sesEndpoint?: string;
  sqsEndpoint?: string;
}

export function loadNewsletterConfig(env: Record<string, string | undefined>): NewsletterConfig {
  const parsed = NewsletterEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid newsletter environment: ${describeSchemaError(parsed.error)}`);
  const vars = parsed.data;
  return {
    tableName: vars.TABLE_NAME,
    site: siteConfigFromEnv(vars),
    aws: { region: vars.AWS_REGION, dynamoDbEndpoint: vars.DYNAMODB_ENDPOINT },
    ...(vars.NEWSLETTER_BASE_URL ? { baseUrl: vars.NEWSLETTER_BASE_URL } : {}),
    secret: secretSourceOf(vars.NEWSLETTER_SECRET, vars.NEWSLETTER_SECRET_ID),
    ...(vars.SES_CONFIGURATION_SET ? { configurationSetName: vars.SES_CONFIGURATION_SET } : {}),
    ...(vars.NEWSLETTER_QUEUE_URL ? { queueUrl: vars.NEWSLETTER_QUEUE_URL } : {}),
    sendRatePerSecond: vars.NEWSLETTER_SEND_RATE,
    subscribeResponseFloorMs: vars.SUBSCRIBE_RESPONSE_FLOOR_MS,
    ...(vars.SES_ENDPOINT ? { sesEndpoint: vars.SES_ENDPOINT } : {}),
    ...(vars.SQS_ENDPOINT ? { sqsEndpoint: vars.SQS_ENDPOINT } : {}),
  };
}

function secretSourceOf(hex: string | undefined, secretId: string | undefined): NewsletterSecretSource {
  if (hex && secretId) throw new ConfigError('invalid newsletter environment: set NEWSLETTER_SECRET or NEWSLETTER_SECRET_ID, not both');
  if (hex) return { kind: 'value', hex };
  if (secretId) return { kind: 'secrets-manager', secretId };
  throw new ConfigError('invalid newsletter environment: NEWSLETTER_SECRET_ID: must be set');
}
