import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { FeedPoller } from '../../infra/constructs/feed-poller.ts';
import { PostsTable } from '../../infra/constructs/posts-table.ts';
import { PollerEnvSchema } from '../../shared/config/poller-env.ts';

const POLLER_ENTRY = fileURLToPath(new URL('../../functions/poller/handler.ts', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

/** A minimal stack of its own: the table and the poller, bundling skipped. */
function pollerTemplate(): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'PollerTest');
  const posts = new PostsTable(stack, 'Posts', { deletionProtection: false });
  new FeedPoller(stack, 'Poller', {
    entry: POLLER_ENTRY,
    depsLockFilePath: LOCK_FILE,
    table: posts.table,
    schedule: events.Schedule.expression('rate(5 minutes)'),
    logRetention: logs.RetentionDays.ONE_MONTH,
    userAgent: 'Feedline/1.0 (feed poller; +https://www.example.org/feeds)',
    settings: { POLL_CONCURRENCY: '32' },
  });
  return Template.fromStack(stack);
}

describe('FeedPoller construct', () => {
  const template = pollerTemplate();

  it('adds the sparse due index to the posts table', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'dueShard', KeyType: 'HASH' },
            { AttributeName: 'nextFetchAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['id', 'url'] },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'dueShard', AttributeType: 'N' },
        { AttributeName: 'nextFetchAt', AttributeType: 'S' },
      ]),
    });
  });

  it('runs the poller on a schedule, without retries (the next tick is the retry)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 } })],
    });
  });

  it('configures the function with the SSRF guard on and environment the handler accepts', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('partner feeds') } });
    const [fn] = Object.values(functions) as { Properties: { Environment: { Variables: Record<string, unknown> }; Timeout: number; Runtime: string } }[];
    const variables = fn?.Properties.Environment.Variables ?? {};
    expect(variables).toMatchObject({ POLL_ALLOW_PRIVATE_ADDRESSES: 'false', POLL_CONCURRENCY: '32', POLL_USER_AGENT: 'Feedline/1.0 (feed poller; +https://www.example.org/feeds)' });
    const stringVariables = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : 'table-token']));
    expect(PollerEnvSchema.safeParse(stringVariables).success).toBe(true);
    expect(fn?.Properties.Timeout).toBe(300);
  });

  it('grants least privilege: table items, Query on the due index only, no Scan, no Delete, no S3', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }[];
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']));
    expect(actions.some((action) => action.startsWith('s3:'))).toBe(false);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const query = statements.find((statement) => statement.Action === 'dynamodb:Query');
    expect(JSON.stringify(query?.Resource)).toContain('/index/due');
  });
});
