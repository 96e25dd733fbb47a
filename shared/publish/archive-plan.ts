/**
 * The arithmetic of RFC 5005 archive pages, free of I/O. A feed's membership keyspace is cut into
 * closed pages `[startSk, endSk)` and a tail `[tailStart, ∞)` of at most `pageSize` keys, which
 * the subscription document (the newest `pageSize` posts) always holds in full.
 */

/**
 * Where the next page ends, given the tail's keys in ascending order (at least `pageSize + 1` of
 * them when there are that many): at the key that would be the tail's `pageSize + 1`-th. Closing
 * there leaves the oldest `pageSize` keys in the new page. Undefined while the tail still fits.
 */
export function nextPageEnd(tailKeys: readonly string[], pageSize: number): string | undefined {
  return tailKeys.length > pageSize ? tailKeys[pageSize] : undefined;
}

/** The changed keys that fall into closed pages (below `tailStart`), once each, in key order. */
export function archivedKeys(changedKeys: readonly string[], tailStart: string): string[] {
  return [...new Set(changedKeys.filter((key) => key < tailStart))].sort();
}

export interface ArchiveWork {
  /** Pages whose range holds a changed key. */
  touched: readonly number[];
  /** Pages this regeneration closed, in order. */
  closed: readonly number[];
}

/**
 * The pages to render: every touched page, every newly closed one, and the page before the first
 * newly closed one, whose `next-archive` link appears now. Never the rest of the history.
 */
export function pagesToRender(work: ArchiveWork): number[] {
  const pages = new Set([...work.touched, ...work.closed]);
  const first = work.closed[0];
  if (first !== undefined && first > 1) pages.add(first - 1);
  return [...pages].sort((a, b) => a - b);
}
