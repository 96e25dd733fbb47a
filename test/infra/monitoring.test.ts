import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '../../infra/constructs/feedline-monitoring.ts';
import type { FeedlineStackPart } from '../../infra/feedline-stack.ts';
import { getAtt, logicalIdStartingWith, onlyLogicalId, synthFeedline } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 60_000;

let template: Template;
let topic: string;

beforeAll(() => {
  template = synthFeedline({ alarmEmail: 'ops@example.org' });
  topic = onlyLogicalId(template, 'AWS::SNS::Topic');
}, SYNTH_TIMEOUT_MS);

function alarm(prefix: string): Record<string, any> {
  return template.findResources('AWS::CloudWatch::Alarm')[logicalIdStartingWith(template, 'AWS::CloudWatch::Alarm', prefix)]!.Properties;
}

const NOTIFIES_THE_TOPIC = (topicId: string) => ({
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [{ Ref: topicId }],
  OKActions: [{ Ref: topicId }],
});

describe('alarm topic', () => {
  it('mails the configured address and refuses publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: { Ref: topic } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});

describe('stream publisher alarms', () => {
  it('pages when the DLQ holds any message', () => {
    expect(alarm('MonitoringFailedBatchesInDlq')).toMatchObject({
      ...NOTIFIES_THE_TOPIC(topic),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalIdStartingWith(template, 'AWS::SQS::Queue', 'StreamPublisherFailedBatches'), 'QueueName') }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  it('pages on any function error in 5 minutes', () => {
    expect(alarm('MonitoringStreamFunctionErrors')).toMatchObject({
      ...NOTIFIES_THE_TOPIC(topic),
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: onlyLogicalId(template, 'AWS::Lambda::Function') } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });

  it('pages when the stream iterator age stays over 5 minutes for 5 minutes', () => {
    expect(alarm('MonitoringStreamIteratorAge')).toMatchObject({
      ...NOTIFIES_THE_TOPIC(topic),
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: ALARM_THRESHOLDS.iteratorAgeMs,
      EvaluationPeriods: 5,
    });
  });

  it('pages when the syndication latency p99 stays over 60 s, on the metric the handler emits', () => {
    expect(alarm('MonitoringSyndicationLatencyP99')).toMatchObject({
      ...NOTIFIES_THE_TOPIC(topic),
      Namespace: 'Feedline',
      MetricName: 'SyndicationLatency',
      Dimensions: [{ Name: 'service', Value: 'feedline-stream' }],
      ExtendedStatistic: 'p99',
      Period: 300,
      Threshold: 60_000,
      EvaluationPeriods: 3,
    });
  });

  it('pages on any render failure in 15 minutes', () => {
    expect(alarm('MonitoringRenderFailures')).toMatchObject({
      Namespace: 'Feedline',
      MetricName: 'RenderFailures',
      Dimensions: [{ Name: 'service', Value: 'feedline-stream' }],
      Statistic: 'Sum',
      Period: 900,
      Threshold: 1,
    });
  });

  it('has exactly these five until a poller is added', () => {
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(5);
  });
});

describe('dashboard', () => {
  it('shows latency, feed writes, the function, lag and DLQ, and CloudFront from us-east-1', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const title of ['Syndication latency (ms)', 'Feed writes', 'Stream publisher', 'Stream lag and DLQ', 'Feed requests (CloudFront)', 'Error rates (%)']) {
      expect(body).toContain(title);
    }
    expect(body).toContain('\\"AWS/CloudFront\\",\\"Requests\\"');
    expect(body).toContain('\\"region\\":\\"us-east-1\\"');
    expect(body).toContain('PutsSkippedUnchanged');
  });
});

describe('poller monitoring (ready for the ingest poller)', () => {
  const addPoller: FeedlineStackPart = (scope, core) => {
    const standIn = (id: string) =>
      new lambda.Function(scope, id, {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => {};'),
      });
    const deadLetters = new sqs.Queue(scope, 'PollDeadLettersStandIn');
    const queue = new sqs.Queue(scope, 'PollQueueStandIn', { deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 } });
    core.monitoring.addPollerMonitoring({ scheduler: standIn('PollerStandIn'), worker: standIn('PollWorkerStandIn'), queue, deadLetters });
  };

  it('alarms on the age of the oldest message on the poll queue (the workers falling behind) and on its dead-letter queue', () => {
    const withPoller = synthFeedline({}, [addPoller]);
    withPoller.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PollQueueStandIn'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 900,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    withPoller.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PollDeadLettersStandIn'), 'QueueName'] } }],
      Threshold: 1,
    });
  }, SYNTH_TIMEOUT_MS);

  it('adds the scheduler and worker error alarms and the poll error ratio alarm, computed from FeedsPolled and PollErrors', () => {
    const withPoller = synthFeedline({}, [addPoller]);
    const alarms = withPoller.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms)).toHaveLength(10);
    const ratio = Object.values(alarms).find((resource) => resource.Properties.Metrics)!.Properties;
    expect(ratio).toMatchObject({ Threshold: 50, EvaluationPeriods: 2, TreatMissingData: 'notBreaching' });
    expect(ratio.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Expression: 'IF(polled > 0, 100 * errors / polled, 0)' }),
        expect.objectContaining({
          Id: 'polled',
          MetricStat: expect.objectContaining({
            Metric: { Namespace: 'Feedline', MetricName: 'FeedsPolled', Dimensions: [{ Name: 'service', Value: 'feedline-poller' }] },
            Period: 3600,
          }),
        }),
        expect.objectContaining({
          Id: 'errors',
          MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'PollErrors' }) }),
        }),
      ]),
    );
  }, SYNTH_TIMEOUT_MS);
});
