import type { StreamFunctionEnv } from '../shared/config/stream-function-config.ts';
import type { MetricService } from '../shared/observability/pipeline-metrics.ts';
import type { DeploymentConfig } from './deployment-config.ts';

/** Lambda sets AWS_REGION itself; the emulator endpoints exist only offline. */
type NotSetByTheStack = 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE';

/**
 * Exactly the variables `loadStreamFunctionConfig` reads, keyed off its schema: a variable added there
 * fails type-checking here until the stack sets it.
 */
export type LambdaRuntimeEnvironment = Record<Exclude<keyof StreamFunctionEnv, NotSetByTheStack | SetWhenConfigured>, string> &
  Partial<Record<SetWhenConfigured, string>>;

/** Optional settings: absent from the function's environment unless the deployment names them. */
type SetWhenConfigured = 'WEBSUB_HUB_URLS';

export interface RuntimeResources {
  tableName: string;
  bucketName: string;
  /** Derived from the distribution (or the custom domain), usually a token at synth time. */
  feedBaseUrl: string;
}

export function lambdaRuntimeEnvironment(
  resources: RuntimeResources,
  deployment: DeploymentConfig,
): LambdaRuntimeEnvironment {
  return {
    TABLE_NAME: resources.tableName,
    BUCKET_NAME: resources.bucketName,
    SITE_TITLE: deployment.siteTitle,
    SITE_DESCRIPTION: deployment.siteDescription,
    SITE_URL: deployment.siteUrl,
    FEED_BASE_URL: resources.feedBaseUrl,
    SITE_LANGUAGE: deployment.siteLanguage,
    TAG_AUTHORITY: deployment.tagAuthority,
    ITEMS_PER_FEED: String(deployment.itemsPerFeed),
    FEED_CACHE_CONTROL: deployment.feedCacheControl,
    ...(deployment.websubHubs?.length ? { WEBSUB_HUB_URLS: deployment.websubHubs.join(',') } : {}),
    ARCHIVE_CACHE_CONTROL: deployment.archiveCacheControl,
  };
}

/**
 * Powertools settings: the service name the metrics' `service` dimension carries (the alarms
 * match on it), and the minified bundle's source map for readable stack traces.
 */
export interface ObservabilityEnvironment {
  POWERTOOLS_SERVICE_NAME: MetricService;
  POWERTOOLS_LOG_LEVEL: 'INFO';
  NODE_OPTIONS: '--enable-source-maps';
}

export function observabilityEnvironment(service: MetricService): ObservabilityEnvironment {
  return {
    POWERTOOLS_SERVICE_NAME: service,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/**
 * A function's own variables. The observability ones are `FeedlineFunction`'s to set, from its
 * `service`, so a function cannot carry a service name the alarms do not know.
 */
export type FunctionEnvironment = Readonly<Record<string, string>> & { readonly [name in keyof ObservabilityEnvironment]?: never };
