import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DeploymentConfigError,
  SAMPLE_DEPLOYMENT,
  readDeploymentConfig,
} from '../../infra/deployment-config.ts';

const configFrom = (context: Record<string, unknown>) => readDeploymentConfig(new App({ context }).node);

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('readDeploymentConfig', () => {
  it('falls back to the sample site when no context is given', () => {
    expect(configFrom({})).toEqual(SAMPLE_DEPLOYMENT);
  });

  it('reads -c values, which always arrive as strings, converting whole numbers', () => {
    const config = configFrom({ siteTitle: 'Night Desk', itemsPerFeed: '25' });
    expect(config).toMatchObject({ siteTitle: 'Night Desk', itemsPerFeed: 25 });
  });

  it('also takes a real number, as cdk.json can hold one', () => {
    expect(configFrom({ itemsPerFeed: 30 }).itemsPerFeed).toBe(30);
  });

  it.each([
    { key: 'itemsPerFeed', value: 'fifty', expected: /context key "itemsPerFeed" = "fifty": .*expected number/ },
    { key: 'itemsPerFeed', value: '0', expected: /context key "itemsPerFeed" = "0": .*>=1/ },
    { key: 'itemsPerFeed', value: 2.5, expected: /context key "itemsPerFeed" = 2.5: .*int/ },
    { key: 'siteUrl', value: 'https://www.example.org', expected: /context key "siteUrl" = .*must end with "\/"/ },
    { key: 'feedBaseUrl', value: 'feeds', expected: /context key "feedBaseUrl" = "feeds"/ },
    { key: 'tagAuthority', value: 'example.org', expected: /context key "tagAuthority" = .*must look like/ },
    { key: 'siteTitle', value: '', expected: /context key "siteTitle" = ""/ },
  ])('rejects $key = $value, naming the key', ({ key, value, expected }) => {
    expect(() => configFrom({ [key]: value })).toThrow(DeploymentConfigError);
    expect(() => configFrom({ [key]: value })).toThrow(expected);
  });

  it('reports every bad key at once and says how to set them', () => {
    const message = messageOf(() => configFrom({ itemsPerFeed: 'abc', siteUrl: 'nope' }));
    expect(message).toContain('-c key=value');
    expect(message).toContain('"itemsPerFeed"');
    expect(message).toContain('"siteUrl"');
  });
});
