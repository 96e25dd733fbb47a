import { describe, expect, it } from 'vitest';
import { NewsletterScheduleSchema } from '../../../shared/newsletter/newsletter-definition.ts';
import { latestSlotAtOrBefore } from '../../../shared/newsletter/newsletter-schedule.ts';

const schedule = (input: unknown) => NewsletterScheduleSchema.parse(input);

describe('latestSlotAtOrBefore', () => {
  it.each([
    ['a daily slot later today is still yesterday’s', { frequency: 'daily', time: '07:00', timeZone: 'Asia/Tashkent' }, '2026-11-30T01:59:00Z', '2026-11-29T02:00:00.000Z'],
    ['a daily slot reached today', { frequency: 'daily', time: '07:00', timeZone: 'Asia/Tashkent' }, '2026-11-30T02:00:00Z', '2026-11-30T02:00:00.000Z'],
    ['a zone east of UTC whose morning is the previous UTC day', { frequency: 'daily', time: '06:30', timeZone: 'Asia/Tokyo' }, '2026-11-30T00:00:00Z', '2026-11-29T21:30:00.000Z'],
    ['a half-hour zone', { frequency: 'daily', time: '08:00', timeZone: 'Asia/Tehran' }, '2026-11-30T06:00:00Z', '2026-11-30T04:30:00.000Z'],
    ['weekly on Monday, asked on the Sunday after', { frequency: 'weekly', weekday: 'monday', time: '09:00', timeZone: 'Europe/Berlin' }, '2026-11-29T12:00:00Z', '2026-11-23T08:00:00.000Z'],
    ['weekly on Monday, asked that Monday after the hour', { frequency: 'weekly', weekday: 'monday', time: '09:00', timeZone: 'Europe/Berlin' }, '2026-11-30T08:01:00Z', '2026-11-30T08:00:00.000Z'],
    ['the wall-clock time holds across a daylight-saving change', { frequency: 'daily', time: '09:00', timeZone: 'Europe/Berlin' }, '2026-03-30T12:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['and the day before it', { frequency: 'daily', time: '09:00', timeZone: 'Europe/Berlin' }, '2026-03-28T12:00:00Z', '2026-03-28T08:00:00.000Z'],
  ])('%s', (_name, input, now, expected) => {
    expect(latestSlotAtOrBefore(schedule(input), new Date(now)).toISOString()).toBe(expected);
  });

  it('refuses unknown time zones and malformed times', () => {
    expect(NewsletterScheduleSchema.safeParse({ frequency: 'daily', time: '07:00', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(NewsletterScheduleSchema.safeParse({ frequency: 'daily', time: '7:00', timeZone: 'UTC' }).success).toBe(false);
    expect(NewsletterScheduleSchema.safeParse({ frequency: 'weekly', time: '07:00', timeZone: 'UTC' }).success).toBe(false);
  });
});
