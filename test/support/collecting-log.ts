import type { EventLog } from '../../shared/log/event-log.ts';

export interface LoggedEvent {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

/** An EventLog that keeps every line so tests can assert on what was reported. */
export class CollectingLog implements EventLog {
  readonly events: LoggedEvent[] = [];

  debug(message: string, attributes: Record<string, unknown> = {}): void {
    this.events.push({ level: 'debug', message, attributes });
  }
  info(message: string, attributes: Record<string, unknown> = {}): void {
    this.events.push({ level: 'info', message, attributes });
  }
  warn(message: string, attributes: Record<string, unknown> = {}): void {
    this.events.push({ level: 'warn', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown> = {}): void {
    this.events.push({ level: 'error', message, attributes });
  }

  withMessage(message: string): LoggedEvent[] {
    return this.events.filter((event) => event.message === message);
  }
}
