/**
 * Date formats of the three feed formats. Every date comes from the document (never the clock),
 * so formatting is a pure function of its input.
 */
export class FeedDateError extends Error {
  override readonly name = 'FeedDateError';
  constructor(readonly value: string) {
    super(`not a date: ${JSON.stringify(value)}`);
  }
}

function parseFeedDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new FeedDateError(value);
  return date;
}

/** RSS 2.0 dates: RFC 822 (with a four-digit year, as RFC 1123 has it), always in GMT. */
export function toRfc822(value: string): string {
  return parseFeedDate(value).toUTCString();
}

/** Atom and JSON Feed dates: RFC 3339 in UTC with milliseconds, e.g. `2026-11-25T09:30:00.000Z`. */
export function toRfc3339(value: string): string {
  return parseFeedDate(value).toISOString();
}
