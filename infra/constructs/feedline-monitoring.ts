import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  COUNT_METRICS,
  DURATION_METRICS,
  METRIC_SERVICES,
  METRICS_NAMESPACE,
  type MetricService,
} from '../../shared/observability/pipeline-metrics.ts';

/**
 * When ops are paged, and why. Each threshold is a judgement, written down so it can be argued
 * with; alarms treat missing data as fine, since a quiet site emits nothing.
 */
export const ALARM_THRESHOLDS = {
  /** Any message means a batch was dropped after its retries: feeds are stale until replayed. */
  dlqMessages: 1,
  /** Function errors are throws and timeouts; partial batch failures are not counted here. */
  functionErrorsPer5Minutes: 1,
  /** The mapping is 1 s behind when healthy; 5 minutes means a shard is stuck on retries. */
  iteratorAgeMs: 5 * 60 * 1000,
  /** A post normally reaches its feeds in ~2 s (1 s batching window + render); 60 s is broken. */
  syndicationLatencyP99Ms: 60 * 1000,
  /** A failed render keeps the last good feed, so a feed silently stops updating: page at once. */
  renderFailuresPer15Minutes: 1,
  /** Dead subscriptions fail alone; most polls failing for two hours means egress or the parser is broken. */
  pollErrorRatioPercent: 50,
  /**
   * A healthy poll queue empties within a minute or two of each scheduled run; a message waiting
   * 15 minutes (a default schedule period) means the workers do not keep up: raise their concurrency.
   */
  pollQueueOldestMessageSeconds: 15 * 60,
  /**
   * A failed recipient batch comes back from the queue and usually goes through; ten in a quarter
   * hour is SES or DynamoDB failing for real, before five receives move batches to the DLQ.
   */
  newsletterSendFailuresPer15Minutes: 10,
  /** A throttle or two is SES smoothing a burst; ten in a quarter hour means `newsletterSendRate` is above the account's rate. */
  newsletterSendThrottlesPer15Minutes: 10,
  /** Any newsletter whose issue could not be planned: it stays due, but readers get nothing until fixed. */
  newsletterPlanFailures: 1,
  /** SES puts an account under review at a 5 % bounce rate (and may pause sending at 10 %): page at the first. */
  sesBounceRate: 0.05,
  /** SES reviews at 0.1 % complaints (and may pause at 0.5 %). */
  sesComplaintRate: 0.001,
} as const;

export interface FeedlineMonitoringProps {
  /** Alarm notifications go here too, after the subscription is confirmed. */
  alarmEmail?: string;
  distributionId: string;
}

export interface PollerMonitoring {
  scheduler: lambda.IFunction;
  worker: lambda.IFunction;
  queue: sqs.IQueue;
  deadLetters: sqs.IQueue;
}

export interface NewsletterMonitoring {
  scheduler: lambda.IFunction;
  sender: lambda.IFunction;
  events: lambda.IFunction;
  queue: sqs.IQueue;
  deadLetters: sqs.IQueue;
}

export interface StreamPublisherMonitoring {
  function: lambda.IFunction;
  failedBatches: sqs.IQueue;
}

/**
 * The operator's view of the pipeline: one SNS topic every alarm notifies, one dashboard, and
 * the alarms from the issue (DLQ not empty, function errors, stream iterator age, poll error
 * ratio, syndication latency p99). Optional parts of the stack (the ingest poller) add their own
 * rows and alarms through `addPollerMonitoring`.
 */
export class FeedlineMonitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: FeedlineMonitoringProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Feedline alarms', enforceSSL: true });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Notifications carry only alarm names, states and metric values, never post content; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key costs more than the pipeline.',
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    this.dashboard.addWidgets(...this.deliveryWidgets(props.distributionId));
  }

  /** Alarms and dashboard row of the stream-triggered publish path. */
  addStreamPublisherMonitoring(publisher: StreamPublisherMonitoring): void {
    const fn = publisher.function;
    const latency = (statistic: string) =>
      this.pipelineMetric(METRIC_SERVICES.stream, DURATION_METRICS.syndicationLatency, statistic, Duration.minutes(5));
    this.alarm('FailedBatchesInDlq', {
      alarmDescription: 'A stream batch was dropped after its retries. Run `feedline dlq replay` (see the runbook).',
      metric: publisher.failedBatches.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: ALARM_THRESHOLDS.dlqMessages,
      evaluationPeriods: 1,
    });
    this.functionErrorAlarm('StreamFunctionErrors', fn);
    this.alarm('StreamIteratorAge', {
      alarmDescription: 'The stream publisher is falling behind the table stream (stuck retries or throttling).',
      metric: fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: ALARM_THRESHOLDS.iteratorAgeMs,
      evaluationPeriods: 5,
    });
    this.alarm('SyndicationLatencyP99', {
      alarmDescription: 'Posts take too long to reach their feeds (p99 from the write to the feed being published).',
      metric: latency('p99'),
      threshold: ALARM_THRESHOLDS.syndicationLatencyP99Ms,
      evaluationPeriods: 3,
    });
    this.alarm('RenderFailures', {
      alarmDescription: 'A feed failed to render or failed its check; its last good file is kept and it no longer updates.',
      metric: this.pipelineMetric(METRIC_SERVICES.stream, COUNT_METRICS.renderFailures, 'Sum', Duration.minutes(15)),
      threshold: ALARM_THRESHOLDS.renderFailuresPer15Minutes,
      evaluationPeriods: 1,
    });
    this.dashboard.addWidgets(
      graph('Syndication latency (ms)', [latency('p50'), latency('p90'), latency('p99')]),
      graph('Feed writes', [
        this.pipelineMetric(METRIC_SERVICES.stream, COUNT_METRICS.feedsRegenerated, 'Sum'),
        this.pipelineMetric(METRIC_SERVICES.stream, COUNT_METRICS.feedFilesWritten, 'Sum'),
        this.pipelineMetric(METRIC_SERVICES.stream, COUNT_METRICS.putsSkippedUnchanged, 'Sum'),
        this.pipelineMetric(METRIC_SERVICES.stream, COUNT_METRICS.renderFailures, 'Sum'),
      ]),
      graph('Stream publisher', [fn.metricInvocations(), fn.metricErrors(), fn.metricThrottles()]),
      graph('Stream lag and DLQ', [
        fn.metric('IteratorAge', { statistic: 'Maximum' }),
        publisher.failedBatches.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
      ]),
    );
  }

  /**
   * Alarms and dashboard row of the ingest poller (issue 3): the scheduler's and the workers'
   * errors, the share of subscriptions whose poll failed (the `FeedsPolled` and `PollErrors`
   * metrics the workers emit with the `feedline-poller` service dimension), the age of the oldest
   * message on the poll queue (the workers falling behind) and its dead-letter queue.
   */
  addPollerMonitoring(poller: PollerMonitoring): void {
    const period = Duration.hours(1);
    const polled = this.pipelineMetric(METRIC_SERVICES.poller, COUNT_METRICS.feedsPolled, 'Sum', period);
    const errors = this.pipelineMetric(METRIC_SERVICES.poller, COUNT_METRICS.pollErrors, 'Sum', period);
    const errorRatio = new cloudwatch.MathExpression({
      expression: 'IF(polled > 0, 100 * errors / polled, 0)',
      usingMetrics: { polled, errors },
      label: 'Poll error ratio (%)',
      period,
    });
    const oldestMessage = poller.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' });
    const deadLetters = poller.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });
    this.functionErrorAlarm('PollerFunctionErrors', poller.scheduler);
    this.functionErrorAlarm('PollWorkerFunctionErrors', poller.worker);
    this.alarm('PollErrorRatio', {
      alarmDescription: 'Most subscriptions failed to poll for two hours: check egress, the parser and the poller logs.',
      metric: errorRatio,
      threshold: ALARM_THRESHOLDS.pollErrorRatioPercent,
      evaluationPeriods: 2,
    });
    this.alarm('PollQueueOldestMessage', {
      alarmDescription: 'Due subscriptions wait on the poll queue longer than a schedule period: the workers do not keep up (raise their maximum concurrency) or are failing.',
      metric: oldestMessage,
      threshold: ALARM_THRESHOLDS.pollQueueOldestMessageSeconds,
      evaluationPeriods: 1,
    });
    this.alarm('PollMessagesInDlq', {
      alarmDescription: 'A poll message failed every delivery and was dead-lettered: read it (it names the subscription) and the worker logs.',
      metric: deadLetters,
      threshold: ALARM_THRESHOLDS.dlqMessages,
      evaluationPeriods: 1,
    });
    this.dashboard.addWidgets(
      graph('Poll error ratio (%)', [errorRatio]),
      graph('Ingest', [polled, errors, this.pipelineMetric(METRIC_SERVICES.poller, COUNT_METRICS.itemsIngested, 'Sum', period)]),
      graph('Poll workers', [poller.worker.metricInvocations(), poller.worker.metricErrors(), poller.worker.metricDuration({ statistic: 'p99' }), poller.scheduler.metricErrors()]),
      graph('Poll queue', [oldestMessage, deadLetters]),
    );
  }

  /**
   * Alarms and dashboard row of the newsletter (issue 15): its dead-letter queue, failed and
   * throttled recipient batches and unplanned issues (metrics its functions emit), the functions'
   * errors, and SES's account reputation (bounce and complaint rates, which SES itself publishes).
   */
  addNewsletterMonitoring(newsletter: NewsletterMonitoring): void {
    const quarterHour = Duration.minutes(15);
    const sendCount = (metricName: string, period = Duration.minutes(5)) => this.pipelineMetric(METRIC_SERVICES.newsletter, metricName, 'Sum', period);
    const reputation = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: quarterHour });
    const deadLetters = newsletter.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });
    this.alarm('NewsletterBatchesInDlq', {
      alarmDescription: 'A newsletter recipient batch failed five deliveries: its readers have not had this issue. See the runbook (newsletter).',
      metric: deadLetters,
      threshold: ALARM_THRESHOLDS.dlqMessages,
      evaluationPeriods: 1,
    });
    this.alarm('NewsletterSendFailures', {
      alarmDescription: 'Newsletter recipient batches keep failing (SES or DynamoDB errors); the sender logs say why.',
      metric: sendCount(COUNT_METRICS.newsletterSendFailures, quarterHour),
      threshold: ALARM_THRESHOLDS.newsletterSendFailuresPer15Minutes,
      evaluationPeriods: 1,
    });
    this.alarm('NewsletterSendThrottles', {
      alarmDescription: 'SES keeps refusing newsletter mail for rate: newsletterSendRate is above the account sending rate.',
      metric: sendCount(COUNT_METRICS.newsletterSendThrottles, quarterHour),
      threshold: ALARM_THRESHOLDS.newsletterSendThrottlesPer15Minutes,
      evaluationPeriods: 1,
    });
    this.alarm('NewsletterPlanFailures', {
      alarmDescription: 'The newsletter scheduler could not plan a due issue; it retries every 5 minutes. Its log names the newsletter and the reason.',
      metric: sendCount(COUNT_METRICS.newsletterPlanFailures),
      threshold: ALARM_THRESHOLDS.newsletterPlanFailures,
      evaluationPeriods: 1,
    });
    this.functionErrorAlarm('NewsletterSchedulerErrors', newsletter.scheduler);
    this.functionErrorAlarm('NewsletterSenderErrors', newsletter.sender);
    this.functionErrorAlarm('NewsletterEventsErrors', newsletter.events);
    this.alarm('SesBounceRate', {
      alarmDescription: 'The SES account bounce rate reached 5 %: SES reviews the account, and may pause sending at 10 %. Check the list source and that bounces reach the suppression list.',
      metric: reputation('Reputation.BounceRate'),
      threshold: ALARM_THRESHOLDS.sesBounceRate,
      evaluationPeriods: 1,
    });
    this.alarm('SesComplaintRate', {
      alarmDescription: 'The SES account complaint rate reached 0.1 %: SES reviews the account, and may pause sending at 0.5 %.',
      metric: reputation('Reputation.ComplaintRate'),
      threshold: ALARM_THRESHOLDS.sesComplaintRate,
      evaluationPeriods: 1,
    });
    this.dashboard.addWidgets(
      graph('Newsletter sending', [sendCount(COUNT_METRICS.newsletterMailsSent), sendCount(COUNT_METRICS.newsletterSendFailures), sendCount(COUNT_METRICS.newsletterSendThrottles)]),
      graph('SES reputation', [reputation('Reputation.BounceRate'), reputation('Reputation.ComplaintRate')]),
      graph('Newsletter queue', [newsletter.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }), newsletter.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' }), deadLetters]),
    );
  }

  private functionErrorAlarm(id: string, fn: lambda.IFunction): void {
    this.alarm(id, {
      alarmDescription: `${fn.functionName} threw or timed out; see its log group for the error.`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: ALARM_THRESHOLDS.functionErrorsPer5Minutes,
      evaluationPeriods: 1,
    });
  }

  private alarm(id: string, props: Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric' | 'threshold' | 'evaluationPeriods'>): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }

  /** A metric the code emits through the PipelineMetrics port (EMF, `service` dimension). */
  private pipelineMetric(service: MetricService, metricName: string, statistic: string, period = Duration.minutes(5)): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic, period });
  }

  /** CloudFront publishes its metrics in us-east-1 only, under Region=Global. */
  private deliveryWidgets(distributionId: string): cloudwatch.IWidget[] {
    const cloudFront = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
        region: 'us-east-1',
        statistic,
      });
    return [
      graph('Feed requests (CloudFront)', [cloudFront('Requests', 'Sum')]),
      graph('Error rates (%)', [cloudFront('4xxErrorRate', 'Average'), cloudFront('5xxErrorRate', 'Average')]),
      graph('Bytes served', [cloudFront('BytesDownloaded', 'Sum')]),
    ];
  }
}

function graph(title: string, metrics: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left: metrics, width: 8 });
}
