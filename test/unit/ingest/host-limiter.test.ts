import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../shared/ingest/fetch/host-limiter.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('per-host request limit', () => {
  it('runs at most perHost tasks per host at once, and other hosts meanwhile', async () => {
    const limiter = new HostLimiter(2);
    let active = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: string[] = [];
    const task = (host: string, index: number) =>
      limiter.run(host, async () => {
        started.push(`${host}${index}`);
        active += 1;
        peak = Math.max(peak, active);
        await gates[index]?.promise;
        active -= 1;
      });
    const runs = [0, 1, 2, 3].map((index) => task('a', index));
    const other = limiter.run('b', async () => started.push('b'));
    await other;
    expect(started).toEqual(['a0', 'a1', 'b']);
    gates.forEach((gate) => gate.resolve());
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(started).toEqual(['a0', 'a1', 'b', 'a2', 'a3']);
  });

  it('releases the slot when a task fails', async () => {
    const limiter = new HostLimiter(1);
    await expect(limiter.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('a', async () => 'next')).resolves.toBe('next');
  });
});
