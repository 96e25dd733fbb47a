import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../shared/concurrency/map-with-concurrency.ts';

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (delay) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running -= 1;
      return delay * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((result) => result.status === 'fulfilled' && result.value)).toEqual([50, 10, 40, 20, 30, 0]);
  });

  it('settles every item even when some fail', async () => {
    const results = await mapWithConcurrency(['a', 'b'], 4, async (item) => {
      if (item === 'a') throw new Error('boom');
      return item;
    });
    expect(results[0]).toMatchObject({ status: 'rejected' });
    expect(results[1]).toEqual({ status: 'fulfilled', value: 'b' });
  });
});
