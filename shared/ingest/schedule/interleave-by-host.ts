import type { DueSubscription } from '../../store/poll-schedule-store.ts';

/**
 * Round-robin over hosts, so the first `concurrency` polls go to different hosts and the per-host
 * limit rarely makes a worker wait while other hosts are idle.
 */
export function interleaveByHost(entries: DueSubscription[]): DueSubscription[] {
  const byHost = new Map<string, DueSubscription[]>();
  for (const entry of entries) {
    const host = hostOf(entry.url);
    const queue = byHost.get(host) ?? [];
    queue.push(entry);
    byHost.set(host, queue);
  }
  const queues = [...byHost.values()];
  const ordered: DueSubscription[] = [];
  for (let round = 0; ordered.length < entries.length; round += 1) {
    for (const queue of queues) {
      const entry = queue[round];
      if (entry) ordered.push(entry);
    }
  }
  return ordered;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
