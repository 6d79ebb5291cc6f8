/**
 * Calendar days in the base's time zone, shared by both filter languages.
 *
 * Feishu compares dates by day: an ExactDate value "is converted to 00:00 of the document's time
 * zone" (record-filter-guide), and formula dates such as TODAY() carry no time. A day is held as a
 * whole number of days since 1970-01-01 of the proleptic calendar, so adding days, DATE(y, m, 0)
 * style overflow and weekday arithmetic are plain integer maths done in UTC, and only the step
 * from an instant (epoch ms) to its calendar day needs the zone.
 */

import type { FilterContext } from './cell.js';

const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    } catch {
      // A base whose zone Node does not know still has to answer; UTC is the least surprising day.
      f = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar day (days since 1970-01-01) on which the instant `ms` falls in `timeZone`. */
export function dayOf(ms: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return dayFromYmd(year, month, day);
}

/** Like Excel's DATE: months and days out of range roll over (month 13, day 0 = last day of the previous month). */
export function dayFromYmd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function ymdOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Monday ... 6 = Sunday: Feishu's week (seed A04's 本周 uses WEEKDAY(TODAY(),2)-1). */
export function mondayIndex(day: number): number {
  return (new Date(day * MS_PER_DAY).getUTCDay() + 6) % 7;
}

/** 0 = Sunday ... 6 = Saturday. */
export function sundayIndex(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

/**
 * "2023-01-01", "2023/1/1", optionally followed by a time that is ignored (days only).
 * Out-of-range days roll over like DATE ("2021-06-31" is 2021-07-01), because seed A04 uses
 * TODATE("2021-06-31") as the end of June and Feishu does not reject it.
 */
export function parseDayText(text: string): number | undefined {
  const m = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return dayFromYmd(Number(m[1]), month, day);
}

let lastToday = { now: Number.NaN, timeZone: '', day: 0 };

/**
 * Today in the filter's time zone. A filter asks for it once per record (TODAY(), date keywords)
 * with the same `now` throughout a request, so the last answer is kept.
 */
export function todayOf(ctx: FilterContext): number {
  if (lastToday.now !== ctx.now || lastToday.timeZone !== ctx.timeZone) lastToday = { now: ctx.now, timeZone: ctx.timeZone, day: dayOf(ctx.now, ctx.timeZone) };
  return lastToday.day;
}
