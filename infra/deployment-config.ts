import { z } from 'zod';
import type { Node } from 'constructs';
import { SiteConfigSchema } from '../shared/config/site-config.ts';

/**
 * The CDK context keys a deployment is configured with (`-c itemsPerFeed=30` or the `context`
 * block of cdk.json). Each key reuses the rule of the site setting it becomes, so synth rejects
 * exactly what the Lambda would reject at cold start, and names the key the operator typed.
 */
const site = SiteConfigSchema.shape;

/** `-c` values always arrive as strings; cdk.json may hold a real number. */
const wholeNumberFromContext = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  site.itemsPerFeed.unwrap(),
);

const DeploymentConfigSchema = z.object({
  siteTitle: site.title,
  siteDescription: site.description,
  siteUrl: site.siteUrl,
  feedBaseUrl: site.feedBaseUrl,
  siteLanguage: site.language.unwrap(),
  tagAuthority: site.tagAuthority,
  itemsPerFeed: wholeNumberFromContext,
  feedCacheControl: site.cacheControl.unwrap(),
});

export type DeploymentConfig = z.output<typeof DeploymentConfigSchema>;
export type DeploymentContextKey = keyof DeploymentConfig;

/** A sample site, so `npx cdk synth` works with no arguments. */
export const SAMPLE_DEPLOYMENT: Readonly<Record<DeploymentContextKey, string | number>> = {
  siteTitle: 'Feedline Sample Site',
  siteDescription: 'Posts from the Feedline sample site',
  siteUrl: 'https://www.example.org/',
  // Placeholder: a later change derives the feed base URL from the CloudFront distribution.
  feedBaseUrl: 'https://feeds.example.org/',
  siteLanguage: 'en',
  tagAuthority: 'example.org,2026',
  itemsPerFeed: 50,
  feedCacheControl: 'public, max-age=60, stale-while-revalidate=300',
};

export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

function describeIssue(issue: z.core.$ZodIssue, context: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? '(context)');
  return `context key "${key}" = ${JSON.stringify(context[key])}: ${issue.message}`;
}

/** Reads every deployment key from CDK context, falling back to the sample site, and validates. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const keys = Object.keys(SAMPLE_DEPLOYMENT) as DeploymentContextKey[];
  const context = Object.fromEntries(
    keys.map((key) => [key, node.tryGetContext(key) ?? SAMPLE_DEPLOYMENT[key]]),
  );
  const parsed = DeploymentConfigSchema.safeParse(context);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => describeIssue(issue, context));
  throw new DeploymentConfigError(
    `invalid deployment settings (set them with -c key=value or in cdk.json "context"):\n  ${problems.join('\n  ')}`,
  );
}
