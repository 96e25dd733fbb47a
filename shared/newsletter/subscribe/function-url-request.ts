import * as z from '../../validation/zod-mini.ts';
import type { WebRequest, WebResponse } from './newsletter-web.ts';

/** The part of a Lambda function URL event (payload format 2.0) the newsletter endpoint reads. */
export const NewsletterUrlEventSchema = z.object({
  rawPath: z.string(),
  rawQueryString: z._default(z.string(), ''),
  body: z.optional(z.string()),
  isBase64Encoded: z._default(z.boolean(), false),
  requestContext: z.object({ domainName: z.optional(z.string()), http: z.object({ method: z.string(), sourceIp: z._default(z.string(), 'unknown') }) }),
});

export type NewsletterUrlEvent = z.input<typeof NewsletterUrlEventSchema>;

/**
 * The client IP is the connection's source as Lambda saw it, never a header: the function URL
 * is public, so any forwarded-for header could be forged to dodge the per-client limit.
 */
export function webRequestOf(event: z.output<typeof NewsletterUrlEventSchema>): WebRequest {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString),
    body: event.body === undefined ? '' : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8'),
    clientIp: event.requestContext.http.sourceIp,
  };
}

/** `https://<domain>/`: the endpoint's own base URL, for links when none is configured. */
export function requestBaseUrlOf(event: z.output<typeof NewsletterUrlEventSchema>): string | undefined {
  const domain = event.requestContext.domainName;
  return domain && /^[a-z0-9.-]+$/i.test(domain) ? `https://${domain}/` : undefined;
}

export function functionUrlResponseOf(response: WebResponse): { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: false } {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}
