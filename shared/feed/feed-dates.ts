/**
 * Date formats of the three feed formats. Every date comes from the document (never the clock),
 * so formatting is a pure function of its input.
 *
 * The text is put together from the UTC fields rather than by `toUTCString` / `toISOString`,
 * which cost more than the rest of an entry's metadata; it is the same text character for
 * character (the tests compare both over the whole range). Years outside 0–9999, which those
 * write with a sign or six digits, are left to them.
 */
export class FeedDateError extends Error {
  override readonly name = 'FeedDateError';
  constructor(readonly value: string) {
    super(`not a date: ${JSON.stringify(value)}`);
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function parseFeedDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new FeedDateError(value);
  return date;
}

/** RSS 2.0 dates: RFC 822 (with a four-digit year, as RFC 1123 has it), always in GMT. */
export function toRfc822(value: string): string {
  const date = parseFeedDate(value);
  const year = date.getUTCFullYear();
  if (!hasFourDigitYear(year)) return date.toUTCString();
  return `${WEEKDAYS[date.getUTCDay()]}, ${twoDigits(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${fourDigits(year)} ${timeOfDay(date)} GMT`;
}

/**
 * A date already written as we write it, on a day every month has: it comes back unchanged, with
 * no `Date` parsed and formatted again (most of an Atom or JSON entry's metadata time). Days past
 * the 28th take the long way, because `Date` moves 30 February to 2 March rather than refusing it.
 */
const WRITTEN_AS_RFC3339 = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Atom and JSON Feed dates: RFC 3339 in UTC with milliseconds, e.g. `2026-11-25T09:30:00.000Z`. */
export function toRfc3339(value: string): string {
  if (WRITTEN_AS_RFC3339.test(value)) return value;
  const date = parseFeedDate(value);
  const year = date.getUTCFullYear();
  if (!hasFourDigitYear(year)) return date.toISOString();
  const milliseconds = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${fourDigits(year)}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}T${timeOfDay(date)}.${milliseconds}Z`;
}

function hasFourDigitYear(year: number): boolean {
  return year >= 0 && year <= 9999;
}

function timeOfDay(date: Date): string {
  return `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function fourDigits(value: number): string {
  return String(value).padStart(4, '0');
}
