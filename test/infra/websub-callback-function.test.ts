import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeploymentConfig } from '../../infra/deployment-config.ts';
import { feedPollerPart } from '../../infra/feed-poller-part.ts';
import { FeedlineStack } from '../../infra/feedline-stack.ts';
import { WebSubCallbackEnvSchema } from '../../shared/config/websub-callback-config.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { readCdkJson } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 90_000;
let outdir: string;
let template: Template;

type FunctionResource = { Properties: Record<string, unknown> & { Environment: { Variables: Record<string, unknown> } } };

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'feedline-websub-stack-'));
  const app = new App({ outdir, context: { ...readCdkJson().context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new FeedlineStack(app, 'Feedline', { deployment: readDeploymentConfig(app.node), parts: [feedPollerPart] });
  template = Template.fromStack(stack);
}, SYNTH_TIMEOUT_MS);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function functionNamed(description: RegExp): [string, FunctionResource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(description.source) } }));
  expect(found).toHaveLength(1);
  return found[0] as [string, FunctionResource];
}

describe('the WebSub callback in the stack', () => {
  it('is a Node 24 arm64 function with its own log group, a reserved concurrency ceiling and a short timeout', () => {
    const [, callback] = functionNamed(/^WebSub callback/);
    expect(callback.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], ReservedConcurrentExecutions: 10, Timeout: 15 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).some((id) => id.startsWith('WebSubCallbackLogs'))).toBe(true);
  });

  it('is reachable by anonymous hubs through a function URL, which the poll worker gets as its callback base', () => {
    const [callbackId] = functionNamed(/^WebSub callback/);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [callbackId, 'Arn'] } });
    const [urlId] = Object.keys(template.findResources('AWS::Lambda::Url'));
    const [, worker] = functionNamed(/^Polls a batch of due partner feeds/);
    expect(worker.Properties.Environment.Variables.WEBSUB_CALLBACK_BASE_URL).toEqual({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] });
    template.hasOutput('WebSubCallbackUrl', { Value: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] } });
  });

  it('gets an environment its own schema accepts', () => {
    const [, callback] = functionNamed(/^WebSub callback/);
    const variables = Object.fromEntries(
      Object.entries(callback.Properties.Environment.Variables).map(([name, value]) => [name, typeof value === 'string' ? value : 'resolved-at-deploy']),
    );
    expect(WebSubCallbackEnvSchema.safeParse(variables).success).toBe(true);
  });

  it('is traced by X-Ray and names its service as its push metrics carry it', () => {
    const [, callback] = functionNamed(/^WebSub callback/);
    expect(callback.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(callback.Properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: METRIC_SERVICES.websub,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('may only read and write table items: no Query, Scan or Delete, no S3', () => {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^WebSubCallbackRole') }] } });
    const statements = Object.values(policies).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions.filter((action) => /Query|Scan|Delete|^s3:/.test(action))).toEqual([]);
  });
});
