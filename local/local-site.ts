import { EMULATOR_CREDENTIALS } from './emulators/emulator-credentials.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_TABLE = 'feedline-posts';
export const LOCAL_BUCKET = 'feedline-feeds';

/** The sample site the local pipeline publishes; Lambda gets the same variables from the stack. */
const LOCAL_SITE_ENV = {
  SITE_TITLE: 'Steppe Rights Monitor',
  SITE_DESCRIPTION: 'Independent reporting on rights and freedoms in Central Asia, Russia and China (sample content)',
  SITE_URL: 'https://humanrights.example.org/',
  SITE_LANGUAGE: 'en',
  TAG_AUTHORITY: 'humanrights.example.org,2026',
  FEED_CACHE_CONTROL: 'public, max-age=60, stale-while-revalidate=300',
};

/**
 * The sample publications' own host names offline. Browsers and curl resolve every `*.localhost`
 * name to the loopback address, so `http://fa.localhost:8080/` works with no DNS set-up.
 */
export const LOCAL_PUBLICATION_HOSTNAMES = { ru: 'ru.localhost', fa: 'fa.localhost' } as const;

/**
 * Where the sample episodes' audio and video are said to live (URLs only, never fetched offline):
 * the feed server's policy lets the players try them, as a deployment's `mediaOrigins` would.
 */
export const LOCAL_MEDIA_ORIGINS = ['https://media.humanrights.example.org'] as const;

/** Small enough that the sample content fills archive pages, so a first run shows RFC 5005 history. */
export const LOCAL_ITEMS_PER_FEED = 10;

export interface LocalEndpoints {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** The feed server's base URL, ending with `/`: self links point at it. */
  feedBaseUrl: string;
  /** WebSub hubs the feeds advertise and the stream handler pings (`FEEDLINE_WEBSUB_HUBS`). */
  websubHubUrls?: readonly string[];
  /** Items a feed (`ITEMS_PER_FEED`); `LOCAL_ITEMS_PER_FEED` when omitted. */
  itemsPerFeed?: number;
}

/**
 * The environment the stream handler module reads in `npm start`, and from which the CLI's
 * recovery commands build the same site configuration: both render byte-identical feeds.
 */
export function localLambdaEnvironment(endpoints: LocalEndpoints): Record<string, string> {
  return {
    ...LOCAL_SITE_ENV,
    TABLE_NAME: LOCAL_TABLE,
    BUCKET_NAME: LOCAL_BUCKET,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    FEED_BASE_URL: endpoints.feedBaseUrl,
    ITEMS_PER_FEED: String(endpoints.itemsPerFeed ?? LOCAL_ITEMS_PER_FEED),
    DYNAMODB_ENDPOINT: endpoints.dynamoDbEndpoint,
    S3_ENDPOINT: endpoints.s3Endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    // Always set, even empty: the handler module reads `process.env`, and hubs of an earlier
    // pipeline in the same process must not leak into this one.
    WEBSUB_HUB_URLS: (endpoints.websubHubUrls ?? []).join(','),
    // EMF lines on stdout would bury the welcome text; the log lines carry the same figures.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

export function localSiteTitle(): string {
  return LOCAL_SITE_ENV.SITE_TITLE;
}
