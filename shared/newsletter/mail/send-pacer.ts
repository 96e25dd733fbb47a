import { sleepInRealTime, type Sleep } from '../../time/time-sources.ts';

/**
 * Spaces sends so one process never exceeds `perSecond`: SES refuses (and counts against the
 * account) what goes over its sending rate. The stack caps the sender's concurrency, so the
 * account's rate is split between at most that many processes.
 */
export class SendPacer {
  private nextAt = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = sleepInRealTime,
  ) {}

  async wait(): Promise<void> {
    const interval = 1000 / this.perSecond;
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + interval;
    if (at > now) await this.sleep(at - now);
  }
}
