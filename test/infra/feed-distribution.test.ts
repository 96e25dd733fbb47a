import { runInNewContext } from 'node:vm';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, logicalIdStartingWith, onlyLogicalId, synthFeedline } from './synth-feedline.ts';
import { siteContentSecurityPolicy } from '../../shared/site/site-content-security-policy.ts';

const SYNTH_TIMEOUT_MS = 60_000;
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';

let template: Template;
let config: Record<string, any>;

beforeAll(() => {
  template = synthFeedline();
  config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
}, SYNTH_TIMEOUT_MS);

function onlyProperties(type: string): Record<string, any> {
  return template.findResources(type)[onlyLogicalId(template, type)]!.Properties;
}

describe('CloudFront distribution', () => {
  it('reaches the feed bucket through origin access control, signing every request', () => {
    const bucket = logicalIdStartingWith(template, 'AWS::S3::Bucket', 'FeedsBucket');
    expect(config.Origins).toEqual([
      expect.objectContaining({
        DomainName: getAtt(bucket, 'RegionalDomainName'),
        OriginAccessControlId: getAtt(onlyLogicalId(template, 'AWS::CloudFront::OriginAccessControl'), 'Id'),
        S3OriginConfig: { OriginAccessIdentity: '' },
      }),
    ]);
    expect(onlyProperties('AWS::CloudFront::OriginAccessControl').OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
  });

  it('serves HTTP/2 and HTTP/3 over HTTPS only, compressed, with index.html at the root', () => {
    expect(config).toMatchObject({ HttpVersion: 'http2and3', DefaultRootObject: 'index.html', Enabled: true, IPV6Enabled: true });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
    });
  });

  it('caches as long as each object\'s Cache-Control says (min 0, default 60 s, max 1 day), keyed on the path alone', () => {
    expect(config.DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: onlyLogicalId(template, 'AWS::CloudFront::CachePolicy') });
    expect(onlyProperties('AWS::CloudFront::CachePolicy').CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 60,
      MaxTTL: 86_400,
      ParametersInCacheKeyAndForwardedToOrigin: {
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
      },
    });
  });

  it('adds Access-Control-Allow-Origin: * and the security headers to every response', () => {
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: onlyLogicalId(template, 'AWS::CloudFront::ResponseHeadersPolicy') });
    const policy = onlyProperties('AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig;
    expect(policy.CorsConfig).toMatchObject({
      AccessControlAllowOrigins: { Items: ['*'] },
      AccessControlAllowMethods: { Items: ['GET', 'HEAD', 'OPTIONS'] },
      AccessControlAllowCredentials: false,
      AccessControlExposeHeaders: { Items: ['ETag', 'Last-Modified'] },
      OriginOverride: true,
    });
    expect(policy.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 730 * 86_400, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      ContentSecurityPolicy: { ContentSecurityPolicy: siteContentSecurityPolicy([]), Override: true },
    });
  });

  it('caches 403/404 for 10 s only, so a feed that appears is served soon', () => {
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ErrorCachingMinTTL: 10 },
      { ErrorCode: 404, ErrorCachingMinTTL: 10 },
    ]);
  });

  it('logs requests into the access log bucket under cloudfront/', () => {
    const logBucket = logicalIdStartingWith(template, 'AWS::S3::Bucket', 'AccessLogsBucket');
    expect(config.Logging).toEqual({ Bucket: getAtt(logBucket, 'RegionalDomainName'), Prefix: 'cloudfront/' });
  });

  it('uses the configured price class (PriceClass_100 by default)', () => {
    expect(config.PriceClass).toBe('PriceClass_100');
  });
});

describe('CloudFront and media origins', () => {
  function contentSecurityPolicyOf(source: Template): string {
    return onlyResourceOf(source, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
  }

  it("lets the pages' players play from no origin at all when mediaOrigins is unset", () => {
    const policy = contentSecurityPolicyOf(template);
    expect(policy).toContain("media-src 'none'");
    expect(policy).toContain("default-src 'none'");
  });

  it('lets them play from exactly the configured origins, and changes nothing else in the policy', () => {
    const policy = contentSecurityPolicyOf(synthFeedline({ mediaOrigins: 'https://media.example.org,https://audio.example.net' }));
    expect(policy).toContain('media-src https://media.example.org https://audio.example.net;');
    expect(policy.replace(/media-src [^;]+/, '')).toBe(contentSecurityPolicyOf(template).replace(/media-src [^;]+/, ''));
  }, SYNTH_TIMEOUT_MS);

  it('refuses to synth with an origin that is not https', () => {
    expect(() => synthFeedline({ mediaOrigins: 'http://media.example.org' })).toThrow(/context key "mediaOrigins" = "http:\/\/media.example.org": "http:\/\/media.example.org" must be an https origin/);
  });
});

describe('CloudFront with a custom domain', () => {
  it('answers on the name with the given certificate, SNI only, TLS 1.2 at least', () => {
    const custom = synthFeedline({ customDomain: 'feeds.example.org', certificateArn: CERTIFICATE_ARN, priceClass: 'PriceClass_All' });
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['feeds.example.org'],
        PriceClass: 'PriceClass_All',
        ViewerCertificate: { AcmCertificateArn: CERTIFICATE_ARN, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
      }),
    });
  }, SYNTH_TIMEOUT_MS);
});

describe('CloudFront with publication host names', () => {
  const HOSTNAMES = { fa: 'fa.feeds.example.org', ru: 'ru.feeds.example.org' };
  let routed: Template;
  let routedConfig: Record<string, any>;

  beforeAll(() => {
    routed = synthFeedline({ publicationHostnames: JSON.stringify(HOSTNAMES), publicationCertificateArn: CERTIFICATE_ARN });
    routedConfig = Object.values(routed.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
  }, SYNTH_TIMEOUT_MS);

  it('answers on every publication host name with the one certificate, SNI only, TLS 1.2 at least', () => {
    expect(routedConfig.Aliases).toEqual(['fa.feeds.example.org', 'ru.feeds.example.org']);
    expect(routedConfig.ViewerCertificate).toEqual({ AcmCertificateArn: CERTIFICATE_ARN, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
  });

  it('runs the host routing function, cloudfront-js-2.0, on every viewer request of the default behavior', () => {
    const functionId = onlyLogicalId(routed, 'AWS::CloudFront::Function');
    expect(routedConfig.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: getAtt(functionId, 'FunctionARN') },
    ]);
    expect(routed.findResources('AWS::CloudFront::Function')[functionId]!.Properties).toMatchObject({
      AutoPublish: true,
      FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
    });
  });

  it('deploys code that maps each host to its prefix and leaves the distribution\'s own name alone', () => {
    const code = onlyResourceOf(routed, 'AWS::CloudFront::Function').Properties.FunctionCode as string;
    const handler = runInNewContext(`${code}\nhandler;`, {}) as (event: unknown) => { uri: string };
    const request = (host: string, uri: string) => ({ request: { method: 'GET', uri, querystring: {}, headers: { host: { value: host } }, cookies: {} } });
    expect(handler(request('ru.feeds.example.org', '/feeds/all/atom.xml')).uri).toBe('/pubs/ru/feeds/all/atom.xml');
    expect(handler(request('fa.feeds.example.org', '/')).uri).toBe('/pubs/fa/index.html');
    expect(handler(request('d111111abcdef8.cloudfront.net', '/feeds/all/atom.xml')).uri).toBe('/feeds/all/atom.xml');
  });

  it('keeps customDomain beside them, on the same certificate', () => {
    const both = synthFeedline({ customDomain: 'feeds.example.org', certificateArn: CERTIFICATE_ARN, publicationHostnames: { fa: 'fa.feeds.example.org' } });
    both.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['feeds.example.org', 'fa.feeds.example.org'],
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: CERTIFICATE_ARN }),
      }),
    });
  }, SYNTH_TIMEOUT_MS);

  it('leaves the distribution as it was without publication host names: no function, no aliases, no certificate', () => {
    expect(template.findResources('AWS::CloudFront::Function')).toEqual({});
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toBeUndefined();
    const empty = synthFeedline({ publicationHostnames: '{}' });
    expect(empty.findResources('AWS::CloudFront::Distribution')).toEqual(template.findResources('AWS::CloudFront::Distribution'));
    expect(empty.findResources('AWS::CloudFront::Function')).toEqual({});
  }, SYNTH_TIMEOUT_MS);
});

function onlyResourceOf(source: Template, type: string): { Properties: Record<string, any> } {
  return source.findResources(type)[onlyLogicalId(source, type)] as { Properties: Record<string, any> };
}
