/**
 * The logging port the domain writes to: one structured line per event. Powertools' Logger
 * satisfies it in Lambda; the local runtime and tests pass their own.
 */
export interface EventLog {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** For tests and library callers that want no output. */
export const SILENT_LOG: EventLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
