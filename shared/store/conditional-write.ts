import { isConditionalCheckFailure } from './document-table.ts';

/**
 * The output of a conditional write, or undefined when DynamoDB refused it because its condition
 * did not hold. To the stores a refused condition is an answer (someone got there first, the item
 * is gone, nothing changed), never a failure; every other error propagates unchanged.
 */
export async function outputUnlessConditionFails<Output>(write: Promise<Output>): Promise<Output | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return undefined;
    throw error;
  }
}

/** Whether a conditional write happened: false when its condition did not hold; other errors propagate. */
export async function succeedsUnlessConditionFails(write: Promise<unknown>): Promise<boolean> {
  return (await outputUnlessConditionFails(write.then(() => true))) ?? false;
}
