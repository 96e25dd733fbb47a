import { WEEKDAYS, type NewsletterSchedule } from './newsletter-definition.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The newest instant at or before `now` when the schedule says "send": today's (or the last
 * matching weekday's) HH:MM on the wall clock of its time zone. Daylight-saving shifts move the
 * UTC instant, never the wall-clock time readers expect their digest at.
 */
export function latestSlotAtOrBefore(schedule: NewsletterSchedule, now: Date): Date {
  const today = wallDateOf(now, schedule.timeZone);
  for (let daysBack = 0; daysBack <= 8; daysBack += 1) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day) - daysBack * DAY_MS);
    if (schedule.frequency === 'weekly' && WEEKDAYS[(day.getUTCDay() + 6) % 7] !== schedule.weekday) continue;
    const slot = instantOfWallTime(day, schedule.time, schedule.timeZone);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  throw new RangeError(`no slot of ${JSON.stringify(schedule)} in the 8 days before ${now.toISOString()}`);
}

/** How far back a new newsletter's first digest reaches: one period. */
export function periodMs(schedule: NewsletterSchedule): number {
  return schedule.frequency === 'daily' ? DAY_MS : 7 * DAY_MS;
}

interface WallDate {
  year: number;
  month: number;
  day: number;
}

function wallDateOf(instant: Date, timeZone: string): WallDate {
  const parts = wallClockParts(instant, timeZone);
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** The UTC instant when the wall clock of `timeZone` shows `time` on `day` (a UTC-midnight date). */
function instantOfWallTime(day: Date, time: string, timeZone: string): Date {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const wall = day.getTime() + (hours * 60 + minutes) * 60_000;
  // Two passes settle the offset across a daylight-saving change.
  let instant = wall - offsetMs(new Date(wall), timeZone);
  instant = wall - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/** Wall clock minus UTC at `instant`, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = wallClockParts(instant, timeZone);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(instant: Date, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}
