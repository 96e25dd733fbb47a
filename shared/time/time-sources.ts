/** The current time; injected so tests pin it instead of racing the wall clock. */
export type Clock = () => Date;

/** A random number in [0, 1), as `Math.random` gives; injected so tests get exact jitter. */
export type Random = () => number;

/** Waits `ms`; an aborted signal ends the wait at once, so a deadline is never overslept. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export function sleepInRealTime(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
