/**
 * One time budget for a whole fetch: the connection, headers and body of every redirect hop draw
 * on it, so a chain of hops that are each slow but on time cannot take a multiple of the timeout
 * (the poller's safety margin before Lambda's end assumes one timeout per fetch).
 *
 * The clock runs only while a hop holds its host's slot: time queued behind other requests to a
 * busy host is the host limiter's doing, not the partner's, and never counts against a feed.
 */
export class FetchDeadline {
  private readonly controller = new AbortController();
  /** Rejects when the budget is spent; see `hop` for why the signal alone is not enough. */
  private readonly expiry: Promise<never>;
  private spentMs = 0;
  private hopCount = 0;

  constructor(private readonly budgetMs: number) {
    this.expiry = new Promise((_resolve, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(this.controller.signal.reason as Error), { once: true });
    });
    // Observed by every hop's race; a fetch that finishes in time never looks at it.
    this.expiry.catch(() => undefined);
  }

  /** Once true, stays true for the rest of the fetch. */
  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Time counted against the budget so far, in whole milliseconds. */
  get elapsedMs(): number {
    return Math.round(this.spentMs);
  }

  /** Requests started under this deadline, the first one included. */
  get hops(): number {
    return this.hopCount;
  }

  /**
   * Runs one hop with what is left of the budget; the clock stops when the hop ends. The hop ends
   * when the budget does even if the task has not: a request waiting on a DNS answer that never
   * comes settles only when the resolver gives up, not when it is aborted.
   */
  async hop<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.hopCount += 1;
    const started = performance.now();
    const timer = setTimeout(() => this.controller.abort(), Math.max(0, this.budgetMs - this.spentMs));
    try {
      return await Promise.race([task(this.controller.signal), this.expiry]);
    } finally {
      clearTimeout(timer);
      this.spentMs += performance.now() - started;
    }
  }
}
