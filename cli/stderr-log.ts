import type { EventLog } from '../shared/log/event-log.ts';

/** Progress and warnings go to stderr as the domain logs them; the report goes to `out`. */
export const STDERR_LOG: EventLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, attributes) => process.stderr.write(`warning: ${message} ${JSON.stringify(attributes ?? {})}\n`),
  error: (message, attributes) => process.stderr.write(`error: ${message} ${JSON.stringify(attributes ?? {})}\n`),
};
