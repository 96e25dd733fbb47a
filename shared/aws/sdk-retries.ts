import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { RetryErrorType, RetryStrategyV2, SdkError } from '@smithy/types';

/** How the SDK's retry middleware classes an error for its retry strategy. */
function retryErrorTypeOf(error: SdkError): RetryErrorType {
  if (isThrottlingError(error)) return 'THROTTLING';
  if (isTransientError(error)) return 'TRANSIENT';
  if (isServerError(error)) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

/**
 * Runs `attempt` until it succeeds or the strategy refuses another try (its own waits included),
 * as the SDK's retry middleware does. The error given up on carries the attempts made in
 * `$metadata.attempts`, as the SDK's errors do, network errors included.
 */
export async function withSdkRetries<Answer>(strategy: RetryStrategyV2, attempt: (attemptNumber: number) => Promise<Answer>): Promise<Answer> {
  let token = await strategy.acquireInitialRetryToken('');
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      const answer = await attempt(attemptNumber);
      strategy.recordSuccess(token);
      return answer;
    } catch (error) {
      token = await strategy.refreshRetryTokenForRetry(token, { error: error as SdkError, errorType: retryErrorTypeOf(error as SdkError) }).catch(() => {
        throw withAttempts(error, attemptNumber);
      });
    }
  }
}

function withAttempts(error: unknown, attempts: number): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const metadata = (error as { $metadata?: Record<string, unknown> }).$metadata;
  if (metadata === undefined) Object.assign(error, { $metadata: { attempts } });
  return error;
}
