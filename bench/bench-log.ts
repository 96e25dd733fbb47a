import { writeJsonLine, type JsonLog } from '../local/emulators/json-line-log.ts';
import type { EventLog } from '../shared/log/event-log.ts';

function isWorthShowing(level: string): boolean {
  return level === 'warn' || level === 'error';
}

/**
 * The emulators and the pump log every start and batch; during a bench only trouble is worth a
 * line, and it goes to stderr so stdout stays the report.
 */
export const warningsOnlyJsonLog: JsonLog = (entry) => {
  if (isWorthShowing(entry.level)) writeJsonLine(entry);
};

/** The same filter for the domain's logging port (the publish pipeline built by the bench). */
export const warningsOnlyEventLog: EventLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, attributes) => writeJsonLine({ level: 'warn', message, ...attributes }),
  error: (message, attributes) => writeJsonLine({ level: 'error', message, ...attributes }),
};
