import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPollerPart } from '../../infra/feed-poller-part.ts';
import { readDeploymentConfig } from '../../infra/deployment-config.ts';
import { FeedlineStack } from '../../infra/feedline-stack.ts';
import { addSecurityChecks } from '../../infra/security-checks.ts';
import { PollerEnvSchema } from '../../shared/config/poller-config.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { readCdkJson } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 90_000;
let outdir: string;
let app: App;
let template: Template;

/** The stack exactly as infra/app.ts builds it, poller included, bundling skipped. */
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'feedline-poller-stack-'));
  app = new App({ outdir, context: { ...readCdkJson().context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new FeedlineStack(app, 'Feedline', { deployment: readDeploymentConfig(app.node), parts: [feedPollerPart] });
  template = Template.fromStack(stack);
}, SYNTH_TIMEOUT_MS);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function pollerPolicyStatements(): { Action: string | string[]; Resource: unknown }[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Poller') }] },
  });
  return Object.values(policies).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
  );
}

describe('the deployed stack with the feed poller', () => {
  it('runs the poller on the configured schedule, without EventBridge retries piling up runs', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) })],
    });
  });

  it('gives the poller an environment its own schema accepts, with the SSRF guard on', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ POLL_ALLOW_PRIVATE_ADDRESSES: 'false' }) } },
    });
    expect(Object.keys(functions)).toHaveLength(1);
    const variables = (Object.values(functions)[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    const resolvable = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : 'https://resolved-at-deploy.example/']));
    expect(PollerEnvSchema.safeParse(resolvable).success).toBe(true);
  });

  it('traces the scheduler and the workers with X-Ray and names their service as the poll alarms read it', () => {
    for (const description of ['sends them to the poll queue', 'batch of due partner feeds']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(description),
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: METRIC_SERVICES.poller, POWERTOOLS_LOG_LEVEL: 'INFO', NODE_OPTIONS: '--enable-source-maps' }),
        },
      });
    }
    const unscoped = pollerPolicyStatements().filter((statement) => [statement.Resource].flat().includes('*'));
    expect([...new Set(unscoped.flatMap((statement) => [statement.Action].flat()))].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('lets the poller query only the due index and read/write items: no Scan, no Delete, no S3', () => {
    const statements = pollerPolicyStatements();
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions.some((action) => action.startsWith('s3:'))).toBe(false);
    expect(actions.some((action) => action.includes('*'))).toBe(false);
    const query = statements.find((statement) => [statement.Action].flat().includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource)).toMatch(/\/index\/due/);
  });

  it('gives the table the sparse due index', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'dueShard', KeyType: 'HASH' },
            { AttributeName: 'nextFetchAt', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('alarms on poller errors, the poll error ratio and the poll queue, and outputs the function names and the dead-letter queue', () => {
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of ['PollerFunctionErrors', 'PollWorkerFunctionErrors', 'PollErrorRatio', 'PollQueueOldestMessage', 'PollMessagesInDlq']) {
      expect(alarms.some((id) => id.includes(alarm))).toBe(true);
    }
    template.hasOutput('PollerFunctionName', {});
    template.hasOutput('PollWorkerFunctionName', {});
    template.hasOutput('PollDeadLetterQueueUrl', {});
  });

  it('passes the cdk-nag review with the poller added', () => {
    addSecurityChecks(app);
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8').toString() || '{"pluginReports":[]}') as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  }, SYNTH_TIMEOUT_MS);
});
