import type { EventLog } from '../../log/event-log.ts';
import type { PollScheduleStore } from '../../store/poll-schedule-store.ts';
import { interleaveByHost } from '../schedule/interleave-by-host.ts';
import type { PollQueue } from './poll-queue.ts';

export interface DueDispatchSummary {
  due: number;
  sent: number;
  unsent: number;
  durationMs: number;
}

export interface DueDispatcherDependencies {
  pollSchedule: Pick<PollScheduleStore, 'due'>;
  queue: PollQueue;
  /** Due subscriptions sent per run; the rest stay due for the next run. */
  maxSubscriptionsPerRun: number;
  log: EventLog;
  clock?: () => Date;
}

/**
 * The scheduled half of the fan-out: finds the due subscriptions through the due index and sends
 * them to the poll queue, interleaved by host; it fetches nothing. The workers on the queue claim
 * and poll. A run that overlaps a slow one sends some subscriptions twice; their claim makes the
 * second message a no-op, so nothing here tries to prevent it.
 */
export class DueDispatcher {
  private readonly clock: () => Date;

  constructor(private readonly dependencies: DueDispatcherDependencies) {
    this.clock = dependencies.clock ?? (() => new Date());
  }

  async dispatchDue(): Promise<DueDispatchSummary> {
    const started = Date.now();
    const due = await this.dependencies.pollSchedule.due(this.clock(), this.dependencies.maxSubscriptionsPerRun);
    const sent = due.length === 0 ? { sent: 0, unsent: [] } : await this.dependencies.queue.send(interleaveByHost(due));
    const summary: DueDispatchSummary = { due: due.length, sent: sent.sent, unsent: sent.unsent.length, durationMs: Date.now() - started };
    if (sent.unsent.length > 0) {
      this.log.error('due subscriptions not sent to the poll queue; they stay due for the next run', { ...summary, unsent: sent.unsent.slice(0, 10) });
    } else if (summary.due > 0) {
      this.log.info('due subscriptions sent to the poll queue', { ...summary });
    } else {
      this.log.debug('nothing due', { ...summary });
    }
    return summary;
  }

  private get log(): EventLog {
    return this.dependencies.log;
  }
}
