import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DeploymentConfigError,
  SAMPLE_DEPLOYMENT,
  feedBaseUrl,
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
    { key: 'stage', value: 'prod', expected: /context key "stage" = "prod": .*production/ },
    { key: 'alarmEmail', value: 'ops-at-example.org', expected: /context key "alarmEmail" = "ops-at-example.org"/ },
    { key: 'pollSchedule', value: 'every 5 minutes', expected: /context key "pollSchedule" = .*rate\(15 minutes\)/ },
    { key: 'pollSchedule', value: 'rate(1 minutes)', expected: /context key "pollSchedule"/ },
    { key: 'pollWorkers', value: '1', expected: /context key "pollWorkers" = "1": .*>=2/ },
    { key: 'logRetentionDays', value: '10', expected: /context key "logRetentionDays" = "10": must be one of 1, 3, 5, 7, 14, 30/ },
    { key: 'priceClass', value: 'PriceClass_50', expected: /context key "priceClass"/ },
    { key: 'tagAuthority', value: 'example.org', expected: /context key "tagAuthority" = .*must look like/ },
    { key: 'siteTitle', value: '', expected: /context key "siteTitle" = ""/ },
  ])('rejects $key = $value, naming the key', ({ key, value, expected }) => {
    expect(() => configFrom({ [key]: value })).toThrow(DeploymentConfigError);
    expect(() => configFrom({ [key]: value })).toThrow(expected);
  });

  it('accepts the optional settings: alarm e-mail, custom domain with its certificate', () => {
    const config = configFrom({
      stage: 'staging',
      alarmEmail: 'ops@example.org',
      customDomain: 'feeds.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
      pollSchedule: 'cron(0/10 * * * ? *)',
      logRetentionDays: '90',
      pollWorkers: '8',
    });
    expect(config).toMatchObject({ stage: 'staging', alarmEmail: 'ops@example.org', customDomain: 'feeds.example.org', logRetentionDays: 90, pollWorkers: 8 });
  });

  it('derives the feed base URL from the distribution, or from the custom domain when given', () => {
    expect(feedBaseUrl(configFrom({}), 'd111111abcdef8.cloudfront.net')).toBe('https://d111111abcdef8.cloudfront.net/');
    const custom = configFrom({
      customDomain: 'feeds.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
    });
    expect(feedBaseUrl(custom, 'd111111abcdef8.cloudfront.net')).toBe('https://feeds.example.org/');
  });

  it('wants a custom domain and its certificate together', () => {
    expect(() => configFrom({ customDomain: 'feeds.example.org' })).toThrow(/context key "certificateArn" = undefined: customDomain and certificateArn go together/);
  });

  it('refuses a certificate outside us-east-1, saying why', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';
    expect(() => configFrom({ customDomain: 'feeds.example.org', certificateArn: arn })).toThrow(/us-east-1 \(CloudFront reads certificates only there\)/);
  });

  it('tells an operator who still passes feedBaseUrl that it is derived now', () => {
    expect(() => configFrom({ feedBaseUrl: 'https://feeds.example.org/' })).toThrow(/"feedBaseUrl" is no longer read: .*derived from the CloudFront distribution; set customDomain/);
  });

  it('reports every bad key at once and says how to set them', () => {
    const message = messageOf(() => configFrom({ itemsPerFeed: 'abc', siteUrl: 'nope' }));
    expect(message).toContain('-c key=value');
    expect(message).toContain('"itemsPerFeed"');
    expect(message).toContain('"siteUrl"');
  });
});
