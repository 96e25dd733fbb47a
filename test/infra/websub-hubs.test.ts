import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, readDeploymentConfig } from '../../infra/deployment-config.ts';
import { loadStreamFunctionConfig } from '../../shared/config/stream-function-config.ts';
import { synthFeedline } from './synth-feedline.ts';

// The first synth in a process also starts CDK's built-in CloudFormation validator (~4 s).
const SYNTH_TIMEOUT_MS = 60_000;

const configFrom = (context: Record<string, unknown>) => readDeploymentConfig(new App({ context }).node);

function streamFunctionVariables(context: Record<string, unknown>): Record<string, unknown> {
  const functions = Object.values(synthFeedline(context).findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) } } }));
  expect(functions).toHaveLength(1);
  return functions[0]!.Properties.Environment.Variables as Record<string, unknown>;
}

describe('websubHubs deployment setting', () => {
  it('puts the hubs from -c websubHubs into the stream function environment, where the handler reads them', () => {
    const variables = streamFunctionVariables({ websubHubs: 'https://hub.example.net/, https://push.example.com/publish' });

    expect(variables.WEBSUB_HUB_URLS).toBe('https://hub.example.net/,https://push.example.com/publish');
    const config = loadStreamFunctionConfig({
      ...(Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : 'https://deployed.example.org/'])) as Record<string, string>),
    });
    expect(config.site.hubUrls).toEqual(['https://hub.example.net/', 'https://push.example.com/publish']);
  }, SYNTH_TIMEOUT_MS);

  it('leaves the variable out when no hub is configured: nothing advertised, nothing pinged', () => {
    expect(streamFunctionVariables({})).not.toHaveProperty('WEBSUB_HUB_URLS');
  }, SYNTH_TIMEOUT_MS);

  it('takes a list from cdk.json as well as a comma-separated -c value', () => {
    expect(configFrom({ websubHubs: ['https://hub.example.net/'] }).websubHubs).toEqual(['https://hub.example.net/']);
    expect(configFrom({}).websubHubs).toBeUndefined();
  });

  it('rejects a hub that is not an http(s) URL at synth, naming the key', () => {
    expect(() => configFrom({ websubHubs: 'https://hub.example.net/,ftp://hub.example.net/' })).toThrow(DeploymentConfigError);
    expect(() => configFrom({ websubHubs: 'not a url' })).toThrow(/context key "websubHubs"/);
  });
});
