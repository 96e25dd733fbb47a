import { describe, expect, it } from 'vitest';
import { CallbackCompletionError, LOCAL_POLLER_FUNCTION, localLambdaContext } from '../../../local/lambda-context.ts';
import { FakeClock } from '../../support/fake-clock.ts';

describe('localLambdaContext', () => {
  it("counts the remaining time down from the function's timeout, and stops at zero", async () => {
    const clock = new FakeClock();
    const context = localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-central-1', now: clock.now });

    expect(context.getRemainingTimeInMillis()).toBe(60_000);
    await clock.advance(20_000);
    expect(context.getRemainingTimeInMillis()).toBe(40_000);
    await clock.advance(400_000);
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it('names the function as Lambda does, with a request id of its own per invocation', () => {
    const first = localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-central-1' });
    const second = localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-central-1' });

    expect(first).toMatchObject({
      functionName: 'feedline-poller',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:feedline-poller',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/feedline-poller',
    });
    expect(first.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second.awsRequestId).not.toBe(first.awsRequestId);
  });

  it('refuses callback-style completion instead of ignoring it', () => {
    const context = localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-central-1' });

    expect(() => context.succeed('done')).toThrow(CallbackCompletionError);
    expect(() => context.fail('broken')).toThrow(/context\.fail\(\).*return or throw/);
    expect(() => context.done()).toThrow(CallbackCompletionError);
  });
});
