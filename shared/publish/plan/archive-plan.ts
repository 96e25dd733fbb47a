import type { ArchivePage } from '../../store/archive-directory.ts';

/**
 * The arithmetic of RFC 5005 archive pages, free of I/O. A feed's membership keyspace is cut into
 * closed pages `[startSk, endSk)` and a tail `[tailStart, ∞)` of at most `pageSize` keys, which
 * the subscription document (the newest `pageSize` posts) always holds in full.
 */

/**
 * Where the pages due for closing end, given the tail's keys in ascending order (read with a limit
 * of `k * pageSize + 1` to find up to k pages at once). Page i ends at the key that would be the
 * tail's `i * pageSize + 1`-th, so each closed page holds `pageSize` keys and at most `pageSize`
 * stay open. Empty while the tail still fits in the subscription document.
 */
export function pageEnds(tailKeys: readonly string[], pageSize: number): string[] {
  const ends: string[] = [];
  for (let index = pageSize; index < tailKeys.length; index += pageSize) ends.push(tailKeys[index] as string);
  return ends;
}

/** The changed keys that fall into closed pages (below `tailStart`), once each, in key order. */
export function archivedKeys(changedKeys: readonly string[], tailStart: string): string[] {
  return [...new Set(changedKeys.filter((key) => key < tailStart))].sort();
}

/**
 * The page holding each key, from the feed's whole directory (pages in key order, contiguous from
 * the start of the keyspace); each page once. Keys at or past the last page's end have none.
 */
export function pagesHolding(keys: readonly string[], pages: readonly ArchivePage[]): ArchivePage[] {
  const found = new Map<number, ArchivePage>();
  for (const key of keys) {
    const page = pageHolding(key, pages);
    if (page) found.set(page.pageNumber, page);
  }
  return [...found.values()];
}

function pageHolding(key: string, pages: readonly ArchivePage[]): ArchivePage | undefined {
  let low = 0;
  let high = pages.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const page = pages[middle] as ArchivePage;
    if (key < page.startSk) high = middle - 1;
    else if (key >= page.endSk) low = middle + 1;
    else return page;
  }
  return undefined;
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
