import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventLog } from './event-log.ts';

/** Adapts Powertools' Logger (structured JSON, Lambda context) to the domain's logging port. */
export function powertoolsEventLog(logger: Logger): EventLog {
  return {
    debug: (message, attributes) => logger.debug(message, attributes ?? {}),
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
  };
}
