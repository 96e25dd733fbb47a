import type { JsonLog } from './emulators/json-line-log.ts';

/** The local stand-in for the EventBridge schedule: one poll run every interval, never two at once. */
export interface PollLoop {
  stop(): Promise<void>;
}

export interface PollLoopOptions {
  /** One scheduled invocation of the poller. */
  run: () => Promise<unknown>;
  intervalMs: number;
  log: JsonLog;
  /** What runs, for the failure log line: `poll` unless said (the newsletter scheduler uses the same loop). */
  runName?: string;
}

/**
 * Waits the interval after each run ends (a slow run delays the next instead of overlapping it,
 * as a Lambda with reserved concurrency 1 would). A failing run is logged; the loop goes on.
 */
export function startPollLoop(options: PollLoopOptions): PollLoop {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    current = options.run().then(
      () => undefined,
      (error: unknown) => options.log({ level: 'error', message: `local ${options.runName ?? 'poll'} run failed`, error }),
    );
    void current.then(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  timer = setTimeout(tick, options.intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
