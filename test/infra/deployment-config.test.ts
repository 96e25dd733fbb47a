import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DeploymentConfigError,
  SAMPLE_DEPLOYMENT,
  feedBaseUrl,
  publicationDomainsOf,
  readDeploymentConfig,
} from '../../infra/deployment-config.ts';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';
const OTHER_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/99999999-aaaa-bbbb-cccc-123456789abc';

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

  it('refuses a certificate outside us-east-1 by the region it is in', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';
    expect(messageOf(() => configFrom({ publicationHostnames: '{"fa":"fa.feeds.example.org"}', publicationCertificateArn: arn }))).toContain(
      `context key "publicationCertificateArn" = "${arn}": is in eu-west-1: must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there); request or import the certificate in us-east-1`,
    );
    expect(() => configFrom({ publicationHostnames: '{"fa":"fa.feeds.example.org"}', publicationCertificateArn: 'fa-cert' })).toThrow(
      /"publicationCertificateArn" = "fa-cert": must be an ACM certificate ARN in us-east-1/,
    );
  });

  it('reads publicationHostnames as JSON from -c, or as an object from cdk.json, with its certificate', () => {
    const fromFlag = configFrom({ publicationHostnames: '{"fa":"fa.feeds.example.org","ru":"ru.feeds.example.org"}', publicationCertificateArn: CERTIFICATE_ARN });
    const fromCdkJson = configFrom({ publicationHostnames: { fa: 'fa.feeds.example.org', ru: 'ru.feeds.example.org' }, publicationCertificateArn: CERTIFICATE_ARN });
    expect(fromFlag).toEqual(fromCdkJson);
    expect(publicationDomainsOf(fromFlag)).toEqual({ hostnames: { fa: 'fa.feeds.example.org', ru: 'ru.feeds.example.org' }, certificateArn: CERTIFICATE_ARN });
  });

  it('has no publication domains by default, or with an empty map', () => {
    expect(publicationDomainsOf(configFrom({}))).toBeUndefined();
    expect(publicationDomainsOf(configFrom({ publicationHostnames: '{}' }))).toBeUndefined();
  });

  it("shares customDomain's certificate when no publication certificate is given: a distribution has one", () => {
    const config = configFrom({ customDomain: 'feeds.example.org', certificateArn: CERTIFICATE_ARN, publicationHostnames: '{"fa":"fa.feeds.example.org"}' });
    expect(publicationDomainsOf(config)).toEqual({ hostnames: { fa: 'fa.feeds.example.org' }, certificateArn: CERTIFICATE_ARN });
  });

  it.each([
    {
      name: 'host names without a certificate',
      context: { publicationHostnames: '{"fa":"fa.feeds.example.org"}' },
      expected: 'context key "publicationCertificateArn" = undefined: publicationHostnames need a certificate that covers them',
    },
    {
      name: 'a certificate without host names',
      context: { publicationCertificateArn: CERTIFICATE_ARN },
      expected: 'is only used with publicationHostnames: set both or neither',
    },
    {
      name: 'two certificates',
      context: { customDomain: 'feeds.example.org', certificateArn: CERTIFICATE_ARN, publicationHostnames: '{"fa":"fa.feeds.example.org"}', publicationCertificateArn: OTHER_CERTIFICATE_ARN },
      expected: 'CloudFront serves one certificate per distribution',
    },
    {
      name: 'the custom domain again',
      context: { customDomain: 'feeds.example.org', certificateArn: CERTIFICATE_ARN, publicationHostnames: '{"fa":"feeds.example.org"}' },
      expected: `context key "publicationHostnames" = ${JSON.stringify('{"fa":"feeds.example.org"}')}: feeds.example.org is customDomain, the default publication's name`,
    },
    {
      name: 'a map that is not JSON',
      context: { publicationHostnames: 'fa=fa.feeds.example.org', publicationCertificateArn: CERTIFICATE_ARN },
      expected: 'context key "publicationHostnames" = "fa=fa.feeds.example.org": must be a JSON object of publication id to host name',
    },
    {
      name: 'an upper-case host name',
      context: { publicationHostnames: '{"fa":"FA.example.org"}', publicationCertificateArn: CERTIFICATE_ARN },
      expected: `context key "publicationHostnames" = ${JSON.stringify('{"fa":"FA.example.org"}')}: must be a lower-case DNS host name`,
    },
    {
      name: 'the default publication',
      context: { publicationHostnames: '{"default":"www.example.org"}', publicationCertificateArn: CERTIFICATE_ARN },
      expected: "the default publication is served on the distribution's own name (customDomain)",
    },
  ])('refuses $name, saying why', ({ context, expected }) => {
    expect(messageOf(() => configFrom(context))).toContain(expected);
  });

  it('takes the CMS principal as an IAM role, user or account ARN', () => {
    expect(configFrom({ cmsPrincipalArn: 'arn:aws:iam::123456789012:role/newsroom-cms' }).cmsPrincipalArn).toBe('arn:aws:iam::123456789012:role/newsroom-cms');
    expect(configFrom({ cmsPrincipalArn: 'arn:aws:iam::123456789012:root' }).cmsPrincipalArn).toBe('arn:aws:iam::123456789012:root');
    expect(() => configFrom({ cmsPrincipalArn: 'newsroom-cms' })).toThrow(/context key "cmsPrincipalArn" = "newsroom-cms": must be the ARN of the IAM role or user the CMS runs as/);
    expect(() => configFrom({ cmsPrincipalArn: 'arn:aws:iam::123456789012:role/*' })).toThrow(/"cmsPrincipalArn"/);
  });

  it('reads mediaOrigins as a comma list from -c, or a list from cdk.json, kept as origins; none by default', () => {
    expect(configFrom({}).mediaOrigins).toBeUndefined();
    expect(configFrom({ mediaOrigins: 'https://media.example.org, https://Audio.Example.net:8443/' }).mediaOrigins).toEqual(['https://media.example.org', 'https://audio.example.net:8443']);
    expect(configFrom({ mediaOrigins: ['https://media.example.org'] }).mediaOrigins).toEqual(['https://media.example.org']);
  });

  it.each([
    { value: 'http://media.example.org', why: 'an http origin' },
    { value: 'https://media.example.org/audio/', why: 'a path' },
    { value: 'https://*.example.org', why: 'a wildcard' },
    { value: 'media.example.org', why: 'no scheme' },
    { value: "https://media.example.org 'unsafe-inline'", why: 'a second source in one entry' },
  ])('refuses mediaOrigins with $why, naming the key and the entry', ({ value }) => {
    expect(messageOf(() => configFrom({ mediaOrigins: `https://ok.example.org,${value}` }))).toContain(
      `context key "mediaOrigins" = ${JSON.stringify(`https://ok.example.org,${value}`)}: ${JSON.stringify(value)} must be an https origin such as https://media.example.org`,
    );
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
