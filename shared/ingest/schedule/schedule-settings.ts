/** How often subscriptions are polled; validated at the edge (see `shared/config/poller-config.ts`). */
export interface ScheduleSettings {
  /** The normal interval between polls of a healthy feed. */
  pollIntervalMs: number;
  /** The cap: no feed waits longer than this, whatever it asks for or however broken it is. */
  maxIntervalMs: number;
  /** The first retry delay after an error; doubled for each further consecutive error. */
  errorBackoffBaseMs: number;
  /** After this many consecutive failures a feed is retried only at the cap. */
  maxConsecutiveErrors: number;
}

export const DEFAULT_SCHEDULE: ScheduleSettings = {
  pollIntervalMs: 15 * 60_000,
  maxIntervalMs: 24 * 60 * 60_000,
  errorBackoffBaseMs: 5 * 60_000,
  maxConsecutiveErrors: 10,
};
