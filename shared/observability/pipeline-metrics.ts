/**
 * The metrics port the domain reports to, like `EventLog` for logging: Powertools' EMF Metrics
 * satisfies it in Lambda (functions/observability/), tests collect, the CLI and `npm start`
 * pass `NO_METRICS`. Names and the namespace live here because the CDK alarms and dashboard
 * read the very metrics the code emits.
 */
export const METRICS_NAMESPACE = 'Feedline';

/** The `service` dimension Powertools adds to every metric; one per Lambda function. */
export const METRIC_SERVICES = {
  stream: 'feedline-stream',
  poller: 'feedline-poller',
  websub: 'feedline-websub',
  newsletter: 'feedline-newsletter',
} as const;

export type MetricService = (typeof METRIC_SERVICES)[keyof typeof METRIC_SERVICES];

export const COUNT_METRICS = {
  /** A regeneration that wrote at least one format. */
  feedsRegenerated: 'FeedsRegenerated',
  /** Feed files PUT to the bucket. */
  feedFilesWritten: 'FeedFilesWritten',
  /** Feed files whose rendered bytes matched the stored ones, so no PUT was made. */
  putsSkippedUnchanged: 'PutsSkippedUnchanged',
  /** RFC 5005 archive pages with at least one format PUT (closed, or holding a changed post). */
  archivePagesWritten: 'ArchivePagesWritten',
  /** Archive pages rendered to the bytes already stored, so nothing was PUT. */
  archivePagesUnchanged: 'ArchivePagesUnchanged',
  /** Renders that failed or did not pass the pre-write check; the last good file was kept. */
  renderFailures: 'RenderFailures',
  /** Items the poller wrote as posts (ingest path). */
  itemsIngested: 'ItemsIngested',
  /** Subscriptions the poller fetched (ingest path). */
  feedsPolled: 'FeedsPolled',
  /** Subscriptions whose fetch or parse failed (ingest path). */
  pollErrors: 'PollErrors',
  /** WebSub publish pings a hub accepted (2xx), one per hub and topic. */
  websubPingsSent: 'WebSubPingsSent',
  /** WebSub publish pings given up: a 4xx, attempts exhausted, or still pending at the settle deadline. */
  websubPingsFailed: 'WebSubPingsFailed',
  /** Documents a hub pushed to our WebSub callback with a valid signature and we ingested. */
  websubPushesIngested: 'WebSubPushesIngested',
  /** Pushed documents ignored: bad or missing signature, or too large. */
  websubPushesRejected: 'WebSubPushesRejected',
  /** Digest mails SES accepted, counted per recipient batch that completed. */
  newsletterMailsSent: 'NewsletterMailsSent',
  /** Recipient batches that failed on an error other than throttling; SQS delivers them again. */
  newsletterSendFailures: 'NewsletterSendFailures',
  /** Recipient batches returned to the queue because SES refused for rate. */
  newsletterSendThrottles: 'NewsletterSendThrottles',
  /** Newsletters whose due issue the scheduler could not plan; they stay due. */
  newsletterPlanFailures: 'NewsletterPlanFailures',
} as const;

export const DURATION_METRICS = {
  /** From a post's write (the stream record's creation time) to its feed being published. */
  syndicationLatency: 'SyndicationLatency',
} as const;

export type CountMetric = (typeof COUNT_METRICS)[keyof typeof COUNT_METRICS];
export type DurationMetric = (typeof DURATION_METRICS)[keyof typeof DURATION_METRICS];

export interface PipelineMetrics {
  count(metric: CountMetric, value?: number): void;
  /** A duration in milliseconds; alarms read its percentiles. */
  duration(metric: DurationMetric, milliseconds: number): void;
}

/** For callers that report nowhere: the CLI's recovery commands and library use. */
export const NO_METRICS: PipelineMetrics = {
  count: () => undefined,
  duration: () => undefined,
};
