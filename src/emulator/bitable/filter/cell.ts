/**
 * What the two query languages (formula filters on `records` list, JSON filters on
 * `records/search`) see of one cell. The records code builds it from a stored value; the filter
 * code compares it as seed A04 and feishu-wire.md §3 say, without knowing how values are stored.
 */
export interface FilterCell {
  /** Feishu field type (1, 2, 3, ... 1005) of the field. */
  type: number;
  /** True when the cell has no value (isEmpty / isNotEmpty, and `= ""` in formulas). */
  empty: boolean;
  /** Display text: text content, option name(s) joined by ",", person names, link display text, number as written. */
  text: string;
  /** Numeric value: numbers, progress/currency/rating, checkbox as 1/0, numeric formula results. */
  number?: number;
  /** Epoch ms: date, created time and modified time fields. */
  date?: number;
  /** The parts of a multi-valued cell: option names, person names, link display texts, attachment names. */
  values?: string[];
  /** Ids of a multi-valued cell: person open_ids, linked record ids, group chat ids (search matches these). */
  ids?: string[];
}

/** Gives the cell of the current record by field name; undefined when the table has no such field. */
export type CellLookup = (fieldName: string) => FilterCell | undefined;

export interface FilterContext {
  /** "now" for TODAY() and ["Today"], in epoch ms. */
  now: number;
  /** The base's time zone (IANA name): dates compare at 00:00 of that zone. */
  timeZone: string;
}

/** A text read as a number, as both languages read one ("10.50" is 10.5); undefined when it is not one. */
export function numberOfText(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Texts order by code point ("10" < "9"), in both languages. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
