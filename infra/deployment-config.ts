import { z } from 'zod';
import type { Node } from 'constructs';
import { MediaOriginListSchema } from '../shared/config/media-origins.ts';
import { HubUrlListSchema } from '../shared/config/stream-function-config.ts';
import { SiteConfigSchema } from '../shared/config/site-config.ts';
import { PublicationHostnamesSchema, parsedJsonObject, type PublicationHostnames } from '../shared/edge/publication-hostnames.ts';
import { fieldProblemsOf, type FieldProblem } from '../shared/validation/field-problems.ts';

/**
 * The CDK context keys a deployment is configured with (`-c itemsPerFeed=30` or the `context`
 * block of cdk.json). Site keys reuse the rule of the site setting they become, so synth rejects
 * exactly what the Lambda would reject at cold start, and names the key the operator typed.
 */
const site = SiteConfigSchema.shape;

/** `-c` values always arrive as strings; cdk.json may hold a real number. */
function wholeNumberFromContext<T extends z.core.$ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value), schema);
}

export const STAGES = ['production', 'staging', 'development'] as const;
export type Stage = (typeof STAGES)[number];

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;

/** A DNS name the operator owns, e.g. `feeds.example.org` (no scheme, no path, no trailing dot). */
const hostName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case host name such as feeds.example.org');

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;
const IN_US_EAST_1 = 'must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)';

/** CloudFront only accepts certificates from ACM in us-east-1, whatever region the stack is in. */
const certificateArn = z.string().superRefine((arn, context) => {
  const region = ACM_CERTIFICATE_ARN.exec(arn)?.[1];
  if (region === 'us-east-1') return;
  const message = region === undefined ? IN_US_EAST_1 : `is in ${region}: ${IN_US_EAST_1}; request or import the certificate in us-east-1`;
  context.addIssue({ code: 'custom', message });
});

/** Who may assume the CMS role (it still needs the session tag); the stack's own account by default. */
const iamPrincipalArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)$/, 'must be the ARN of the IAM role or user the CMS runs as (or an account root), e.g. arn:aws:iam::123456789012:role/cms');

/** EventBridge schedule expressions: `rate(15 minutes)` or `cron(0/15 * * * ? *)`. */
const scheduleExpression = z
  .string()
  .regex(/^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+( \S+){5}\))$/, 'must be an EventBridge schedule such as rate(15 minutes) or cron(0/15 * * * ? *)');

/** `-c websubHubs=https://a/,https://b/` arrives as one string; cdk.json may hold a list. */
const hubList = z.preprocess((value) => (Array.isArray(value) ? value.join(',') : value), HubUrlListSchema);

const DeploymentConfigSchema = z
  .object({
    stage: z.enum(STAGES),
    siteTitle: site.title,
    siteDescription: site.description,
    siteUrl: site.siteUrl,
    siteLanguage: site.language.def.innerType,
    tagAuthority: site.tagAuthority,
    itemsPerFeed: wholeNumberFromContext(site.itemsPerFeed.def.innerType),
    feedCacheControl: site.cacheControl.def.innerType,
    archiveCacheControl: site.archiveCacheControl.def.innerType,
    /** How often the ingest poller runs, when the stack has one. */
    pollSchedule: scheduleExpression,
    /** Poll workers at once: the queue event source's maximum concurrency (Lambda allows 2-1000). */
    pollWorkers: wholeNumberFromContext(z.number().int().min(2).max(1000)),
    logRetentionDays: wholeNumberFromContext(z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)),
    priceClass: z.enum(PRICE_CLASSES),
    /** Alarm notifications go to this address (a confirmation mail arrives after deploy). */
    alarmEmail: z.email().optional(),
    /** Serve the feeds on this name instead of the distribution's *.cloudfront.net name. */
    customDomain: hostName.optional(),
    certificateArn: certificateArn.optional(),
    /** Publications with a host name of their own: `{"fa":"fa.feeds.example.org"}` (a JSON string with -c). */
    publicationHostnames: z.preprocess(parsedJsonObject, PublicationHostnamesSchema).optional(),
    /** The one certificate of the distribution once publications have host names: it covers all of them. */
    publicationCertificateArn: certificateArn.optional(),
    /** The IAM principal the CMS role trusts; the stack's own account when unset. */
    cmsPrincipalArn: iamPrincipalArn.optional(),
    /** WebSub hubs advertised in every feed and pinged by the stream function when a feed changes. */
    websubHubs: hubList.optional(),
    /** Origins the pages' audio and video players may play from (the CSP's media-src); none when unset. */
    mediaOrigins: MediaOriginListSchema.optional(),
    /** The newsletter's sending domain (an SES domain identity the stack creates, with Easy DKIM); unset, no newsletter is deployed. */
    newsletterDomain: hostName.optional(),
    /** The account's SES sending rate, mails a second (SES shows it under "Account dashboard"); the sender stays under it. */
    newsletterSendRate: wholeNumberFromContext(z.number().int().min(1).max(10_000)).optional(),
  })
  .superRefine((config, context) => {
    if ((config.customDomain === undefined) === (config.certificateArn === undefined)) return;
    const missing = config.customDomain === undefined ? 'customDomain' : 'certificateArn';
    context.addIssue({ code: 'custom', path: [missing], message: 'customDomain and certificateArn go together: set both or neither' });
  })
  .superRefine((config, context) => {
    for (const problem of publicationDomainProblems(config)) context.addIssue({ code: 'custom', ...problem });
  });

interface DomainSettings {
  customDomain?: string;
  certificateArn?: string;
  publicationHostnames?: PublicationHostnames;
  publicationCertificateArn?: string;
}

/** A distribution has one certificate: every alternate name, the default's and the publications', must share it. */
function publicationDomainProblems(config: DomainSettings): { path: string[]; message: string }[] {
  const hostnames = Object.values(config.publicationHostnames ?? {});
  const problems: { path: string[]; message: string }[] = [];
  if (hostnames.length > 0 && config.publicationCertificateArn === undefined && config.certificateArn === undefined) {
    problems.push({ path: ['publicationCertificateArn'], message: 'publicationHostnames need a certificate that covers them: set publicationCertificateArn (ACM, us-east-1)' });
  }
  if (hostnames.length === 0 && config.publicationCertificateArn !== undefined) {
    problems.push({ path: ['publicationCertificateArn'], message: 'is only used with publicationHostnames: set both or neither' });
  }
  if (config.publicationCertificateArn !== undefined && config.certificateArn !== undefined && config.publicationCertificateArn !== config.certificateArn) {
    problems.push({ path: ['publicationCertificateArn'], message: 'CloudFront serves one certificate per distribution: use one certificate covering customDomain and every publication host name, as both certificateArn and publicationCertificateArn (or set certificateArn alone)' });
  }
  if (config.customDomain !== undefined && hostnames.includes(config.customDomain)) {
    problems.push({ path: ['publicationHostnames'], message: `${config.customDomain} is customDomain, the default publication's name` });
  }
  return problems;
}

export type DeploymentConfig = z.output<typeof DeploymentConfigSchema>;
export type DeploymentContextKey = keyof DeploymentConfig;

/** Every key with a default; `npx cdk synth` works with no arguments and deploys the sample site. */
export const SAMPLE_DEPLOYMENT = {
  // The safe default: forgetting `-c stage=...` must not deploy an unprotected table.
  stage: 'production',
  siteTitle: 'Feedline Sample Site',
  siteDescription: 'Posts from the Feedline sample site',
  siteUrl: 'https://www.example.org/',
  siteLanguage: 'en',
  tagAuthority: 'example.org,2026',
  itemsPerFeed: 50,
  feedCacheControl: 'public, max-age=60, stale-while-revalidate=300',
  archiveCacheControl: 'public, max-age=86400, stale-while-revalidate=604800',
  pollSchedule: 'rate(15 minutes)',
  pollWorkers: 4,
  logRetentionDays: 30,
  priceClass: 'PriceClass_100',
} as const satisfies Partial<Record<DeploymentContextKey, string | number>>;

const OPTIONAL_KEYS = ['alarmEmail', 'customDomain', 'certificateArn', 'publicationHostnames', 'publicationCertificateArn', 'cmsPrincipalArn', 'websubHubs', 'mediaOrigins', 'newsletterDomain', 'newsletterSendRate'] as const satisfies readonly DeploymentContextKey[];

/** Keys that used to be settings and are now derived; naming them is a mistake worth a clear word. */
const RETIRED_KEYS: Record<string, string> = {
  feedBaseUrl: 'the feed base URL is now derived from the CloudFront distribution; set customDomain (with certificateArn) to serve feeds on your own name',
};

export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

function describeProblem(problem: FieldProblem, context: Record<string, unknown>): string {
  const key = problem.field.split('.')[0] ?? problem.field;
  return `context key "${key}" = ${JSON.stringify(context[key])}: ${problem.reason}`;
}

function readContext(node: Node): Record<string, unknown> {
  const defaults = Object.entries(SAMPLE_DEPLOYMENT).map(([key, value]) => [key, node.tryGetContext(key) ?? value]);
  const optional = OPTIONAL_KEYS.map((key) => [key, node.tryGetContext(key)]);
  return Object.fromEntries([...defaults, ...optional]);
}

/** Reads every deployment key from CDK context, falling back to the sample site, and validates. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const context = readContext(node);
  const retired = Object.keys(RETIRED_KEYS).filter((key) => node.tryGetContext(key) !== undefined);
  const parsed = DeploymentConfigSchema.safeParse(context);
  const problems = [
    ...retired.map((key) => `context key "${key}" is no longer read: ${RETIRED_KEYS[key]}`),
    ...(parsed.success ? [] : fieldProblemsOf(parsed.error, '(context)').map((problem) => describeProblem(problem, context))),
  ];
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new DeploymentConfigError(
    `invalid deployment settings (set them with -c key=value or in cdk.json "context"):\n  ${problems.join('\n  ')}`,
  );
}

/** The publications' host names and the certificate that covers them, when any publication has one. */
export function publicationDomainsOf(config: DeploymentConfig): { hostnames: PublicationHostnames; certificateArn: string } | undefined {
  const hostnames = config.publicationHostnames ?? {};
  const certificate = config.publicationCertificateArn ?? config.certificateArn;
  if (Object.keys(hostnames).length === 0 || certificate === undefined) return undefined;
  return { hostnames, certificateArn: certificate };
}

/** The public base URL of the feeds: the custom domain when given, else the distribution's name. */
export function feedBaseUrl(config: DeploymentConfig, distributionDomainName: string): string {
  return `https://${config.customDomain ?? distributionDomainName}/`;
}
