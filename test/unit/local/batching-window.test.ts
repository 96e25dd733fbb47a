import { describe, expect, it } from 'vitest';
import { msUntilWindowCloses, readyBatchSize } from '../../../local/stream-pump/batching-window.ts';

const NOW = 10_000;

describe('readyBatchSize', () => {
  it.each([
    { name: 'empty buffer', count: 0, since: undefined, exhausted: false, window: 0, expected: 0 },
    { name: 'no window: send what there is', count: 3, since: NOW, exhausted: false, window: 0, expected: 3 },
    { name: 'full batch goes at once despite a window', count: 150, since: NOW, exhausted: false, window: 5_000, expected: 100 },
    { name: 'partial batch waits inside the window', count: 3, since: NOW - 100, exhausted: false, window: 500, expected: 0 },
    { name: 'partial batch goes when the window ends', count: 3, since: NOW - 500, exhausted: false, window: 500, expected: 3 },
    { name: 'exhausted shard flushes at once', count: 3, since: NOW, exhausted: true, window: 500, expected: 3 },
  ])('$name', ({ count, since, exhausted, window, expected }) => {
    const buffer = { bufferedCount: count, oldestBufferedAt: since, shardExhausted: exhausted };
    expect(readyBatchSize(buffer, { batchSize: 100, maximumBatchingWindowMs: window }, NOW)).toBe(expected);
  });

  it('reports the time left in the window', () => {
    const policy = { batchSize: 100, maximumBatchingWindowMs: 500 };
    expect(msUntilWindowCloses({ bufferedCount: 1, oldestBufferedAt: NOW - 200, shardExhausted: false }, policy, NOW)).toBe(300);
    expect(msUntilWindowCloses({ bufferedCount: 0, oldestBufferedAt: undefined, shardExhausted: false }, policy, NOW)).toBe(Infinity);
  });
});
