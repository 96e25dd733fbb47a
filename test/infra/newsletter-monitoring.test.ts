import { type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '../../infra/constructs/feedline-monitoring.ts';
import { newsletterPart } from '../../infra/newsletter-part.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { getAtt, logicalIdStartingWith, onlyLogicalId, synthFeedline } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 90_000;

let template: Template;
let topic: string;

beforeAll(() => {
  template = synthFeedline({ alarmEmail: 'ops@example.org', newsletterDomain: 'news.example.org' }, [newsletterPart]);
  topic = logicalIdStartingWith(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
}, SYNTH_TIMEOUT_MS);

function alarm(name: string): Record<string, unknown> {
  return template.findResources('AWS::CloudWatch::Alarm')[logicalIdStartingWith(template, 'AWS::CloudWatch::Alarm', `Monitoring${name}`)]!.Properties as Record<string, unknown>;
}

function functionId(description: RegExp): string {
  const ids = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, resource]) => description.test(String(resource.Properties.Description)));
  expect(ids).toHaveLength(1);
  return ids[0]![0];
}

const NOTIFIES_THE_TOPIC = () => ({
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [{ Ref: topic }],
  OKActions: [{ Ref: topic }],
});

/** A count the newsletter functions emit (EMF, `service` dimension), summed. */
const emittedCount = (metricName: string, period: number) => ({ Namespace: 'Feedline', MetricName: metricName, Dimensions: [{ Name: 'service', Value: METRIC_SERVICES.newsletter }], Statistic: 'Sum', Period: period });

describe('newsletter alarms', () => {
  it('pages when a recipient batch lands in the dead-letter queue', () => {
    expect(alarm('NewsletterBatchesInDlq')).toMatchObject({
      ...NOTIFIES_THE_TOPIC(),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalIdStartingWith(template, 'AWS::SQS::Queue', 'NewsletterDeadLetters'), 'QueueName') }],
      Statistic: 'Maximum',
      Threshold: ALARM_THRESHOLDS.dlqMessages,
    });
  });

  it('pages on repeated send failures and on repeated SES throttles, on the counts the sender emits', () => {
    expect(alarm('NewsletterSendFailures')).toMatchObject({ ...NOTIFIES_THE_TOPIC(), ...emittedCount(COUNT_METRICS.newsletterSendFailures, 900), Threshold: 10, EvaluationPeriods: 1 });
    expect(alarm('NewsletterSendThrottles')).toMatchObject({ ...NOTIFIES_THE_TOPIC(), ...emittedCount(COUNT_METRICS.newsletterSendThrottles, 900), Threshold: 10, EvaluationPeriods: 1 });
  });

  it('pages on an issue the scheduler could not plan, and on errors of the scheduler, the sender and the events function', () => {
    expect(alarm('NewsletterPlanFailures')).toMatchObject({ ...NOTIFIES_THE_TOPIC(), ...emittedCount(COUNT_METRICS.newsletterPlanFailures, 300), Threshold: 1 });
    const errorsOf = (name: string, description: RegExp) =>
      expect(alarm(name)).toMatchObject({ ...NOTIFIES_THE_TOPIC(), Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(description) } }], Statistic: 'Sum', Threshold: 1 });
    errorsOf('NewsletterSchedulerErrors', /^Plans due newsletter issues/);
    errorsOf('NewsletterSenderErrors', /^Sends queued newsletter/);
    errorsOf('NewsletterEventsErrors', /^Suppresses addresses/);
  });

  it("pages before SES's own review thresholds on the account's bounce and complaint rates", () => {
    expect(alarm('SesBounceRate')).toMatchObject({ ...NOTIFIES_THE_TOPIC(), Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Statistic: 'Maximum', Threshold: 0.05 });
    expect(alarm('SesComplaintRate')).toMatchObject({ ...NOTIFIES_THE_TOPIC(), Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Statistic: 'Maximum', Threshold: 0.001 });
    expect(alarm('SesBounceRate').Dimensions).toBeUndefined();
  });

  it('adds nine alarms to the five of the core stack, and none without a sending domain', () => {
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(14);
    expect(Object.keys(synthFeedline({}, [newsletterPart]).findResources('AWS::CloudWatch::Alarm'))).toHaveLength(5);
  }, SYNTH_TIMEOUT_MS);
});

describe('newsletter dashboard row', () => {
  it('shows mails sent, failures and throttles, SES reputation, and the queue with its DLQ', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard')[onlyLogicalId(template, 'AWS::CloudWatch::Dashboard')]!.Properties.DashboardBody);
    for (const title of ['Newsletter sending', 'SES reputation', 'Newsletter queue']) expect(body).toContain(title);
    for (const metric of [COUNT_METRICS.newsletterMailsSent, COUNT_METRICS.newsletterSendFailures, COUNT_METRICS.newsletterSendThrottles, 'Reputation.BounceRate', 'Reputation.ComplaintRate', 'ApproximateAgeOfOldestMessage']) {
      expect(body).toContain(metric);
    }
  });
});
