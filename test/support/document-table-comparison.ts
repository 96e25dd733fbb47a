/** An answer without its `$metadata`, which differs between two calls however equal they are. */
export function answerOnly<Answer extends object>(answer: Answer): Omit<Answer, '$metadata'> {
  const { $metadata: _, ...rest } = answer as Answer & { $metadata?: unknown };
  return rest;
}

/** The error a call is expected to fail with; a call that succeeds fails the test. */
export async function failureOf(call: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('the call succeeded');
}

/**
 * For `JSON.stringify`: two calls' answers compared as text, each one's own key prefix made the
 * same, sets and binary as arrays (JSON would write them as `{}`).
 */
export function replacerOf(prefix: string) {
  return (_key: string, value: unknown) => {
    if (typeof value === 'string') return value.replace(prefix, '<prefix>');
    if (value instanceof Set) return [...value];
    if (value instanceof Uint8Array) return [...value];
    return value;
  };
}
