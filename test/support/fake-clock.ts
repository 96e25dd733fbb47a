import type { Sleep } from '../../shared/time/time-sources.ts';

interface Timer {
  at: number;
  resolve: () => void;
}

/** Lets pending promise callbacks run (a macrotask turn runs every queued microtask first). */
export async function flushCallbacks(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that moves only when told: `sleep` resolves when `advance` passes its time (or its
 * signal aborts), so retry schedules run in microseconds and are asserted to the millisecond.
 */
export class FakeClock {
  private time = 0;
  private timers: Timer[] = [];

  readonly now = (): number => this.time;

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => this.fire(timer), { once: true });
    });

  /** Moves time forward by `ms`, firing due timers in order and letting their callbacks run. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flushCallbacks();
      const next = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = next.at;
      this.fire(next);
    }
    this.time = end;
    await flushCallbacks();
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((other) => other !== timer);
    timer.resolve();
  }
}
