import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** What Lambda knows of a function when it invokes it; offline, the stack's settings for it. */
export interface LocalFunction {
  functionName: string;
  /** The function's timeout in the stack: `getRemainingTimeInMillis()` counts down from it. */
  timeoutMs: number;
  memoryLimitInMB: number;
}

/** The stream publisher as infra/constructs/stream-publisher.ts configures it. */
export const LOCAL_STREAM_FUNCTION: LocalFunction = { functionName: 'feedline-stream', timeoutMs: 60_000, memoryLimitInMB: 512 };

/** The poll scheduler as infra/constructs/feed-poller-functions.ts configures it. */
export const LOCAL_POLLER_FUNCTION: LocalFunction = { functionName: 'feedline-poller', timeoutMs: 60_000, memoryLimitInMB: 512 };

/** DynamoDB Local and the S3 emulator accept any account; this one names no real account. */
const LOCAL_ACCOUNT_ID = '000000000000';

export class CallbackCompletionError extends Error {
  override readonly name = 'CallbackCompletionError';
}

export interface LocalInvocationOptions {
  region: string;
  /** The clock the remaining time is read from; `Date.now` unless a test fakes it. */
  now?: () => number;
}

/**
 * The `Context` Lambda passes with every invocation, for invocations made on this machine (the
 * stream pump, the poll loop, tests): a fresh request id, the time left before the function's
 * timeout, and the names Powertools puts on every log line.
 *
 * @example
 * await handler(event, localLambdaContext(LOCAL_POLLER_FUNCTION, { region: LOCAL_REGION }));
 */
export function localLambdaContext(fn: LocalFunction, options: LocalInvocationOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + fn.timeoutMs;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:${fn.functionName}`,
    memoryLimitInMB: String(fn.memoryLimitInMB),
    awsRequestId,
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: () => refuseCallbackCompletion('done'),
    fail: () => refuseCallbackCompletion('fail'),
    succeed: () => refuseCallbackCompletion('succeed'),
  };
}

/** Feedline's handlers are async and return or throw; a caller of these is a bug to surface. */
function refuseCallbackCompletion(method: string): never {
  throw new CallbackCompletionError(`context.${method}() is deprecated callback-style completion: return or throw from the handler instead`);
}
