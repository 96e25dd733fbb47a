/**
 * Dates as feeds write them: RFC 3339 / ISO 8601 (Atom, JSON Feed, dc:date), RFC 822 and its
 * descendants RFC 1123 / RFC 2822 (RSS pubDate) with named or military zones, and whatever else
 * V8's Date parser accepts. Returns an ISO-8601 UTC string, or undefined when nothing fits.
 */
export function parseFeedDate(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // A value in a known shape that names an impossible day (30 February) is wrong, not loose:
  // V8's lenient parser would roll it over into March.
  const time = ISO.test(text) ? parseIso(text) : RFC822.test(text) ? parseRfc822(text) : parseLoosely(text);
  if (time === undefined || Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  // Dates before the web, or absurdly far ahead, are typos or zero values (0001-01-01), not news.
  if (year < 1990 || year > 9999) return undefined;
  return new Date(time).toISOString();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** A missing zone means UTC: the feed gives no better guess, and UTC keeps results stable. */
function parseIso(text: string): number | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '0', zone = 'Z'] = match;
  const millis = Math.round(Number(`0.${fraction}`) * 1000);
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis);
  if (!isRealDate(Number(year), Number(month), Number(day))) return undefined;
  return utc - zoneOffsetMinutes(zone) * 60_000;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 section 5.1 zones, plus ones partners in our regions actually send. */
const NAMED_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, EET: 120, EEST: 180, WET: 0, WEST: 60, BST: 60, IST: 330,
  MSK: 180, MSD: 240, SAMT: 240, YEKT: 300, ALMT: 300, QYZT: 300, UZT: 300, TJT: 300, TMT: 300, KGT: 360,
  OMST: 360, NOVT: 420, KRAT: 420, IRKT: 480, HKT: 480, SGT: 480, JST: 540, KST: 540, AEST: 600, AEDT: 660,
};

const RFC822 =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*(?:\([^)]*\))?$/;

function parseRfc822(text: string): number | undefined {
  const match = RFC822.exec(text);
  if (!match) return undefined;
  const [, day, monthName = '', yearText = '', hour, minute, second = '00', zone = 'GMT'] = match;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
  if (month === -1) return undefined;
  // RFC 2822 section 4.3: two-digit years below 50 are 20xx, the rest 19xx.
  const year = yearText.length === 2 ? (Number(yearText) < 50 ? 2000 : 1900) + Number(yearText) : Number(yearText);
  if (!isRealDate(year, month + 1, Number(day))) return undefined;
  const offset = zoneOffsetMinutes(zone);
  return Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second)) - offset * 60_000;
}

function parseLoosely(text: string): number | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/** Offset east of UTC in minutes; an unknown zone name counts as UTC (RFC 2822 section 4.3). */
function zoneOffsetMinutes(zone: string): number {
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const [, sign, hours = '0', minutes = '0'] = numeric;
    return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  }
  return NAMED_ZONES[zone.toUpperCase()] ?? 0;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
