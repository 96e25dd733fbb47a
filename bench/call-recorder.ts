import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * Counts and times every command an AWS SDK client sends (retries included, as one call), through
 * a middleware at the outermost step, as the test harness counts PUTs. Attach it before the client
 * is handed to the code being measured.
 */
export class CallRecorder {
  private readonly durations = new Map<string, number[]>();

  static attachTo(client: S3Client | DynamoDBClient): CallRecorder {
    const recorder = new CallRecorder();
    const options = { step: 'initialize', name: 'benchCallRecorder' } as const;
    // The two stacks have different argument types, so TypeScript needs one call per client type.
    if (client instanceof S3Client) client.middlewareStack.add(recorder.middleware, options);
    else client.middlewareStack.add(recorder.middleware, options);
    return recorder;
  }

  private readonly middleware =
    <Args, Result>(next: (args: Args) => Promise<Result>, context: { commandName?: string }) =>
    async (args: Args): Promise<Result> => {
      const startedAt = performance.now();
      try {
        return await next(args);
      } finally {
        this.record(context.commandName ?? 'unknown', performance.now() - startedAt);
      }
    };

  /** Calls of one command, e.g. `PutObjectCommand`, since the last `clear()`. */
  count(commandName: string): number {
    return this.durationsOf(commandName).length;
  }

  durationsOf(commandName: string): readonly number[] {
    return this.durations.get(commandName) ?? [];
  }

  /** Time spent in every call of one command, added up (overlapping calls count twice). */
  totalMs(commandName: string): number {
    return this.durationsOf(commandName).reduce((sum, ms) => sum + ms, 0);
  }

  clear(): void {
    this.durations.clear();
  }

  private record(commandName: string, ms: number): void {
    const list = this.durations.get(commandName) ?? [];
    list.push(ms);
    this.durations.set(commandName, list);
  }
}
