import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { FeedPollerFunctions } from '../../infra/constructs/feed-poller-functions.ts';
import { PostsTable } from '../../infra/constructs/posts-table.ts';
import { PollSchedulerEnvSchema } from '../../shared/config/poll-scheduler-config.ts';
import { PollerEnvSchema } from '../../shared/config/poller-config.ts';

const POLLER_ENTRY = fileURLToPath(new URL('../../functions/poller/handler.ts', import.meta.url));
const WORKER_ENTRY = fileURLToPath(new URL('../../functions/poll-worker/handler.ts', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

/** A minimal stack of its own: the table and the poller, bundling skipped. */
function pollerTemplate(): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'PollerTest');
  const posts = new PostsTable(stack, 'Posts', { deletionProtection: false });
  new FeedPollerFunctions(stack, 'Poller', {
    entry: POLLER_ENTRY,
    workerEntry: WORKER_ENTRY,
    depsLockFilePath: LOCK_FILE,
    table: posts.table,
    schedule: events.Schedule.expression('rate(5 minutes)'),
    logRetention: logs.RetentionDays.ONE_MONTH,
    userAgent: 'Feedline/1.0 (feed poller; +https://www.example.org/feeds)',
    settings: { POLL_PER_HOST_CONCURRENCY: '1' },
    maxWorkers: 6,
  });
  return Template.fromStack(stack);
}

type FunctionResource = { Properties: { Environment: { Variables: Record<string, unknown> }; Timeout: number; Role: unknown } };

function functionDescribed(template: Template, description: RegExp): FunctionResource {
  const found = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(description.source) } })) as FunctionResource[];
  if (found.length !== 1) throw new Error(`expected one function described ${description}, found ${found.length}`);
  return found[0] as FunctionResource;
}

/** The actions of the inline policies attached to a function's role. */
function actionsOf(template: Template, fn: FunctionResource): string[] {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } })) as {
    Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } };
  }[];
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat()));
}

describe('FeedPollerFunctions construct', () => {
  const template = pollerTemplate();

  it('adds the sparse due index to the posts table', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'dueShard', KeyType: 'HASH' },
            { AttributeName: 'nextFetchAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['id', 'url'] },
        },
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'dueShard', AttributeType: 'N' },
        { AttributeName: 'nextFetchAt', AttributeType: 'S' },
      ]),
    });
  });

  it('runs the scheduler on a schedule, without retries (the next tick is the retry)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 } })],
    });
  });

  it('gives the poll queue a dead-letter queue after 5 receives and a visibility timeout six times the worker timeout', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      MessageRetentionPeriod: 3600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PollerPollDeadLetters'), 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(functionDescribed(template, /batch of due partner feeds/).Properties.Timeout).toBe(120);
  });

  it('feeds the worker batches of 10 with partial batch responses, at most maxWorkers at once', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 6 },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PollerPollQueue'), 'Arn'] },
    });
  });

  it('configures the worker with the SSRF guard on, one poll per message of a batch, and environment the handler accepts', () => {
    const variables = functionDescribed(template, /batch of due partner feeds/).Properties.Environment.Variables;
    expect(variables).toMatchObject({ POLL_ALLOW_PRIVATE_ADDRESSES: 'false', POLL_CONCURRENCY: '10', POLL_PER_HOST_CONCURRENCY: '1', POLL_USER_AGENT: 'Feedline/1.0 (feed poller; +https://www.example.org/feeds)' });
    const stringVariables = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : 'table-token']));
    expect(PollerEnvSchema.safeParse(stringVariables).success).toBe(true);
  });

  it('gives the scheduler the table and the queue, which its schema accepts', () => {
    const scheduler = functionDescribed(template, /sends them to the poll queue/);
    const variables = scheduler.Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'POLL_QUEUE_URL']));
    const resolvable = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : 'https://sqs.resolved-at-deploy.example/1/q']));
    expect(PollSchedulerEnvSchema.safeParse(resolvable).success).toBe(true);
    expect(scheduler.Properties.Timeout).toBe(60);
  });

  it('grants least privilege: the scheduler queries the due index and sends; the worker reads and writes items and consumes; no Scan, Delete or S3', () => {
    const scheduler = actionsOf(template, functionDescribed(template, /sends them to the poll queue/));
    const worker = actionsOf(template, functionDescribed(template, /batch of due partner feeds/));
    expect(scheduler).toEqual(expect.arrayContaining(['dynamodb:Query', 'sqs:SendMessage']));
    expect(scheduler.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:Query']);
    expect(worker).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(worker).not.toContain('dynamodb:Query');
    for (const actions of [scheduler, worker]) {
      expect(actions.some((action) => action.startsWith('s3:'))).toBe(false);
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions).not.toContain('dynamodb:DeleteItem');
    }
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const query = statements.find((statement) => statement.Action === 'dynamodb:Query');
    expect(JSON.stringify(query?.Resource)).toContain('/index/due');
  });
});
