import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readDeploymentConfig } from '../../infra/deployment-config.ts';
import { FeedlineStack, type FeedlineStackPart } from '../../infra/feedline-stack.ts';

const CDK_JSON = fileURLToPath(new URL('../../cdk.json', import.meta.url));

export interface CdkJson {
  app: string;
  notices: boolean;
  versionReporting: boolean;
  context: Record<string, unknown>;
}

export function readCdkJson(): CdkJson {
  return JSON.parse(readFileSync(CDK_JSON, 'utf8')) as CdkJson;
}

/**
 * Synthesizes the stack the way `cdk synth` does (cdk.json feature flags included, so the
 * template under test is the one that deploys) but without bundling the handler.
 */
export function buildFeedlineStack(context: Record<string, unknown> = {}, parts: FeedlineStackPart[] = []): FeedlineStack {
  const app = new App({
    context: { ...readCdkJson().context, 'aws:cdk:bundling-stacks': [], ...context },
  });
  return new FeedlineStack(app, 'Feedline', { deployment: readDeploymentConfig(app.node), parts });
}

export function synthFeedline(context: Record<string, unknown> = {}, parts: FeedlineStackPart[] = []): Template {
  return Template.fromStack(buildFeedlineStack(context, parts));
}

/** The logical id of the only resource of a type; fails loudly if there is not exactly one. */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0] as string;
}

/** The logical id of the only resource of a type whose id starts with the construct path's ids. */
export function logicalIdStartingWith(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.length}`);
  return ids[0] as string;
}

export const getAtt = (logicalId: string, attribute: string) => ({
  'Fn::GetAtt': [logicalId, attribute],
});
