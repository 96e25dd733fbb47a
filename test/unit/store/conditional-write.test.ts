import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { outputUnlessConditionFails, succeedsUnlessConditionFails } from '../../../shared/store/conditional-write.ts';

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });

describe('conditional writes', () => {
  it('hands back the output of a write whose condition held', async () => {
    expect(await outputUnlessConditionFails(Promise.resolve({ Attributes: { id: 'wire' } }))).toEqual({ Attributes: { id: 'wire' } });
    expect(await succeedsUnlessConditionFails(Promise.resolve({}))).toBe(true);
    expect(await succeedsUnlessConditionFails(Promise.resolve(undefined))).toBe(true);
  });

  it('answers undefined or false when the condition did not hold', async () => {
    expect(await outputUnlessConditionFails(Promise.reject(conditionFailed()))).toBeUndefined();
    expect(await succeedsUnlessConditionFails(Promise.reject(conditionFailed()))).toBe(false);
  });

  it('lets every other error through unchanged', async () => {
    const error = throttled();
    await expect(outputUnlessConditionFails(Promise.reject(error))).rejects.toBe(error);
    await expect(succeedsUnlessConditionFails(Promise.reject(error))).rejects.toBe(error);
  });
});
