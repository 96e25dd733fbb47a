import { Duration, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { PublicationHostnames } from '../../shared/edge/publication-hostnames.ts';
import { SITE_INDEX_KEY } from '../../shared/publish/site/site-index-publisher.ts';
import { siteContentSecurityPolicy } from '../../shared/site/site-content-security-policy.ts';
import { PublicationHostRouting } from './publication-host-routing.ts';

export interface FeedDistributionProps {
  bucket: s3.IBucket;
  accessLogs: s3.IBucket;
  accessLogPrefix: string;
  priceClass: `${cloudfront.PriceClass}`;
  /** Both or neither: the name readers use and its ACM certificate (us-east-1). */
  customDomain?: { domainName: string; certificateArn: string };
  /**
   * Publications with a host name of their own and the certificate covering them (the same one as
   * `customDomain`'s when both are set: a distribution has one). Absent, the distribution stays
   * exactly as it was: no alternate names of theirs, no function.
   */
  publicationHostnames?: { hostnames: PublicationHostnames; certificateArn: string };
  /** Origins the pages' players may play audio and video from (`media-src`); none when empty. */
  mediaOrigins: readonly string[];
}

/** Every alternate domain name of the distribution and the one certificate that covers them. */
interface AlternateDomains {
  names: string[];
  certificateArn: string;
}

/**
 * How long CloudFront may keep an object whose response carries no Cache-Control. Feed objects
 * always carry one (FEED_CACHE_CONTROL), and CloudFront honours its max-age between the minimum
 * (0: a feed may ask not to be cached) and the maximum below.
 */
export const CACHE_TTLS = {
  min: Duration.seconds(0),
  default: Duration.minutes(1),
  max: Duration.days(1),
} as const;

/** A missing feed (403 from S3 without ListBucket) is re-checked soon: it may be about to appear. */
const ERROR_CACHING = Duration.seconds(10);

/**
 * CloudFront in front of the feed bucket: the only way readers reach it (origin access control,
 * no public bucket), compressed, HTTP/2 and HTTP/3, cached as long as each object's Cache-Control
 * says, with CORS for browser-based readers and the usual security headers on every response.
 */
export class FeedDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: FeedDistributionProps) {
    super(scope, id);
    const domains = alternateDomainsOf(props);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Feedline feeds',
      defaultRootObject: SITE_INDEX_KEY,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass as cloudfront.PriceClass,
      enableIpv6: true,
      ...alternateDomainSettings(this, domains),
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: props.accessLogPrefix,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(props.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        compress: true,
        cachePolicy: this.createCachePolicy(),
        responseHeadersPolicy: this.createResponseHeadersPolicy(props.mediaOrigins),
        functionAssociations: this.createViewerRequestFunctions(props),
      },
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, ttl: ERROR_CACHING })),
    });
    this.acknowledgeFindings(domains);
  }

  /**
   * A behavior takes one function per event type, so whatever else a viewer request must do
   * belongs in the same generated code, not in a second association.
   */
  private createViewerRequestFunctions(props: FeedDistributionProps): cloudfront.FunctionAssociation[] | undefined {
    if (!props.publicationHostnames) return undefined;
    const routing = new PublicationHostRouting(this, 'HostRouting', { hostnames: props.publicationHostnames.hostnames });
    return [{ function: routing.function, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }];
  }

  /** Keyed on the path alone: feeds vary by nothing else, so every reader shares one cached copy. */
  private createCachePolicy(): cloudfront.CachePolicy {
    return new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: "Feeds: honour the object's Cache-Control, compressed variants, no cookies or query strings",
      minTtl: CACHE_TTLS.min,
      defaultTtl: CACHE_TTLS.default,
      maxTtl: CACHE_TTLS.max,
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
  }

  private createResponseHeadersPolicy(mediaOrigins: readonly string[]): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, 'ResponseHeaders', {
      comment: 'Feeds: CORS for browser-based readers, security headers',
      // Web-based aggregators fetch feeds from their own origin; feeds are public and carry no
      // credentials, so any origin may read them.
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: ['*'],
        accessControlExposeHeaders: ['ETag', 'Last-Modified'],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        // The pages' own needs and nothing more: the feeds' XSL loads as a script, CSS is inline,
        // media plays from the configured origins only.
        contentSecurityPolicy: {
          contentSecurityPolicy: siteContentSecurityPolicy(mediaOrigins),
          override: true,
        },
      },
    });
  }

  private acknowledgeFindings(domains: AlternateDomains | undefined): void {
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Syndication feeds are public and meant for readers and aggregators in every country; a geo restriction would defeat them.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'A read-only, cacheable, credential-free origin with no forms or API: WAF rules would have nothing to inspect, and Shield Standard already covers the distribution.',
    });
    if (!domains) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: 'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be set; with customDomain or publication host names the stack sets TLSv1.2_2021.',
      });
    }
  }
}

function alternateDomainsOf(props: FeedDistributionProps): AlternateDomains | undefined {
  const names = [
    ...(props.customDomain ? [props.customDomain.domainName] : []),
    ...Object.values(props.publicationHostnames?.hostnames ?? {}),
  ];
  const certificateArn = props.customDomain?.certificateArn ?? props.publicationHostnames?.certificateArn;
  return names.length > 0 && certificateArn !== undefined ? { names, certificateArn } : undefined;
}

function alternateDomainSettings(
  scope: Construct,
  domains: AlternateDomains | undefined,
): Pick<cloudfront.DistributionProps, 'domainNames' | 'certificate' | 'minimumProtocolVersion'> {
  if (!domains) return {};
  return {
    domainNames: domains.names,
    minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', domains.certificateArn),
  };
}
