import type { FilterContext } from '../../src/emulator/bitable/filter/cell.js';

// Shanghai has no daylight saving, so expected results compute days with a fixed +8 h offset,
// independently of the Intl-based code under test.
export const OFFSET = 8 * 3600_000;
export const DAY = 86_400_000;

/** Epoch ms of a wall-clock time in Shanghai. */
export const sh = (y: number, m: number, d: number, h = 12, min = 0) => Date.UTC(y, m - 1, d, h, min) - OFFSET;
/** Calendar day number (days since 1970-01-01) of an instant, in Shanghai. */
export const shDay = (ms: number) => Math.floor((ms + OFFSET) / DAY);
/** Calendar day number of a date (months and days roll over as in Date.UTC: day 0 is the last of the month before). */
export const dayNo = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;
/** 1 = Monday ... 7 = Sunday (WEEKDAY(d, 2)) of a calendar day number. */
export const isoWeekday = (day: number) => ((day + 3) % 7) + 1;

/** Wednesday 2024-03-13 00:30 in Shanghai, still 2024-03-12 in UTC: day maths must use the base's zone. */
export const wednesdayShanghai: FilterContext = { now: sh(2024, 3, 13, 0, 30), timeZone: 'Asia/Shanghai' };

/**
 * One instant a day from 2024-02-01 to 2024-04-30 around `wednesdayShanghai`, alternating 00:05
 * and 23:55 in Shanghai: a day boundary taken in the wrong zone moves every other one.
 */
export const dayEdges: number[] = Array.from({ length: dayNo(2024, 4, 30) - dayNo(2024, 2, 1) + 1 }, (_, i) =>
  (dayNo(2024, 2, 1) + i) * DAY - OFFSET + (i % 2 === 0 ? 5 * 60_000 : DAY - 5 * 60_000));
