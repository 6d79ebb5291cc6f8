import type { FilterContext } from '../../src/emulator/bitable/filter/cell.js';

// Shanghai has no daylight saving, so expected results compute days with a fixed +8 h offset,
// independently of the Intl-based code under test.
export const OFFSET = 8 * 3600_000;
export const DAY = 86_400_000;

/** Epoch ms of a wall-clock time in Shanghai. */
export const sh = (y: number, m: number, d: number, h = 12, min = 0) => Date.UTC(y, m - 1, d, h, min) - OFFSET;
/** Calendar day number (days since 1970-01-01) of an instant, in Shanghai. */
export const shDay = (ms: number) => Math.floor((ms + OFFSET) / DAY);
/** Calendar day number of a date. */
export const dayNo = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;

/** Wednesday 2024-03-13 00:30 in Shanghai, still 2024-03-12 in UTC: day maths must use the base's zone. */
export const wednesdayShanghai: FilterContext = { now: sh(2024, 3, 13, 0, 30), timeZone: 'Asia/Shanghai' };
