import * as z from '../../validation/zod-mini.ts';
import { subscriptionIdOfCallbackPath } from './callback-path.ts';
import type { CallbackRequest, CallbackResponse } from './websub-callback.ts';

/** The part of a Lambda function URL event (payload format 2.0) the callback reads. */
export const FunctionUrlEventSchema = z.object({
  rawPath: z.string(),
  rawQueryString: z._default(z.string(), ''),
  headers: z._default(z.record(z.string(), z.string()), {}),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
  body: z.optional(z.string()),
  isBase64Encoded: z._default(z.boolean(), false),
});

export type FunctionUrlEvent = z.input<typeof FunctionUrlEventSchema>;

/** The function URL's response shape (payload format 2.0). */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** A validated event as the callback core's request; the body's bytes exactly as the hub signed them. */
export function callbackRequestOf(event: z.output<typeof FunctionUrlEventSchema>): CallbackRequest {
  const headers = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const body = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return {
    method: event.requestContext.http.method.toUpperCase(),
    subscriptionId: subscriptionIdOfCallbackPath(event.rawPath),
    query: new URLSearchParams(event.rawQueryString),
    headers,
    body,
  };
}

export function functionUrlResultOf(response: CallbackResponse): FunctionUrlResult {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}
