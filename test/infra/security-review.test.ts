import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeploymentConfig } from '../../infra/deployment-config.ts';
import { FeedlineStack, type FeedlineStackPart } from '../../infra/feedline-stack.ts';
import { feedPollerPart } from '../../infra/feed-poller-part.ts';
import { newsletterPart } from '../../infra/newsletter-part.ts';
import { addSecurityChecks } from '../../infra/security-checks.ts';
import { readCdkJson } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 60_000;
const outdirs: string[] = [];

afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function newApp(context: Record<string, unknown> = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'feedline-nag-'));
  outdirs.push(outdir);
  return new App({ outdir, context: { ...readCdkJson().context, 'aws:cdk:bundling-stacks': [], ...context } });
}

/** Synthesizes with cdk-nag as `cdk synth` does; returns the findings of a failed review. */
function review(app: App): string[] {
  addSecurityChecks(app);
  try {
    app.synth();
    return [];
  } catch (error) {
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
    };
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.flatMap((violation) => violation.violatingConstructs.map((at) => `${violation.ruleName} at ${at.constructPath}`)),
    );
    if (findings.length === 0) throw error;
    return findings;
  }
}

function feedlineApp(context: Record<string, unknown> = {}, parts: FeedlineStackPart[] = []): App {
  const app = newApp(context);
  new FeedlineStack(app, 'Feedline', { deployment: readDeploymentConfig(app.node), parts });
  return app;
}

describe('cdk-nag AwsSolutions review', () => {
  it('passes on the stack as deployed by default, every finding acknowledged with a reason', () => {
    expect(review(feedlineApp())).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it('passes with a custom domain (TLS policy set, so CFR4 needs no acknowledgement) outside production', () => {
    const custom = feedlineApp({
      stage: 'staging',
      alarmEmail: 'ops@example.org',
      customDomain: 'feeds.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
    });
    expect(review(custom)).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it('passes with publication host names (their function and aliases) and a named CMS principal', () => {
    const network = feedlineApp({
      publicationHostnames: '{"fa":"fa.feeds.example.org","ru":"ru.feeds.example.org"}',
      publicationCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
      cmsPrincipalArn: 'arn:aws:iam::123456789012:role/newsroom-cms',
    });
    expect(review(network)).toEqual([]);
  });

  it('passes with the poller and the newsletter, as `cdk deploy -c newsletterDomain=…` deploys them', () => {
    expect(review(feedlineApp({ newsletterDomain: 'news.example.org' }, [feedPollerPart, newsletterPart]))).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it('fails synth on an unacknowledged finding, naming the rule and the construct', () => {
    const app = newApp();
    new s3.Bucket(new Stack(app, 'Careless'), 'OpenBucket');
    expect(review(app)).toEqual(expect.arrayContaining(['AwsSolutions-S1 at Careless/OpenBucket/Resource', 'AwsSolutions-S10 at Careless/OpenBucket/Resource']));
  }, SYNTH_TIMEOUT_MS);
});
