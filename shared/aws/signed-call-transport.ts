import { NodeHttpHandler } from '@smithy/node-http-handler';

/** How long one attempt of a signed call may wait, in ms. */
export interface SignedCallTimeouts {
  /** To open the connection (TCP and TLS). */
  connectMs: number;
  /** Without a byte either way, once connected. */
  idleMs: number;
}

/**
 * The SDK's clients wait forever by default, so one hung connection held a function until its own
 * timeout. DynamoDB and S3 answer within milliseconds and send bodies without pauses; an attempt
 * that times out fails with the SDK's `TimeoutError`, which its retry strategy retries.
 */
export const SIGNED_CALL_TIMEOUTS: SignedCallTimeouts = { connectMs: 2_000, idleMs: 5_000 };

/** The SDK's Node HTTP handler (its agent, keep-alive and error names) with those timeouts. */
export function signedCallHttpHandler(timeouts: SignedCallTimeouts = SIGNED_CALL_TIMEOUTS): NodeHttpHandler {
  return new NodeHttpHandler({ connectionTimeout: timeouts.connectMs, socketTimeout: timeouts.idleMs });
}
