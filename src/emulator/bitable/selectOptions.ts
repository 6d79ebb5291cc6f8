import { ApiError, bitableError } from '../errors.js';
import { newId } from '../ids.js';
import type { Field } from '../state.js';
import { PROPERTY_ERROR } from './fieldTypes.js';

export interface SelectOption { id: string; name: string; color: number }

/** Seed A05: colours are 0-54. */
const COLOURS = 55;

export const optionsOf = (field: Field): SelectOption[] => ((field.property as { options?: SelectOption[] } | null)?.options ?? []);

/** Next colour "from the previous option's colour, incrementing" (seed A05), wrapping after 54. */
const nextColour = (options: SelectOption[]) => (options.length ? (options[options.length - 1].color + 1) % COLOURS : 0);

/**
 * The options of a select field create (no `existing`) or update (full replacement, seed A05):
 * an option with an `id` must be one of the field's current options and keeps that id; one
 * without gets a new `opt…` id. A missing colour continues from the previous option's.
 */
export function normaliseOptions(type: number, raw: unknown, existing?: SelectOption[]): SelectOption[] {
  const [code, name] = PROPERTY_ERROR[type];
  const fail = (why: string) => new ApiError(400, code, `${name}: ${why}`);
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fail('options must be an array');
  const out: SelectOption[] = [];
  for (const o of raw) {
    if (!o || typeof o !== 'object') throw fail('an option must be an object');
    const { id, name: optName, color } = o as Record<string, unknown>;
    if (typeof optName !== 'string' || optName.trim() === '') throw bitableError(1254026, 'EmptyOptionName');
    if (out.some((x) => x.name === optName)) throw fail(`option name ${optName} is repeated`);
    if (color !== undefined && color !== null && !(Number.isInteger(color) && (color as number) >= 0 && (color as number) < COLOURS)) throw fail(`color must be an integer 0-54, got ${String(color)}`);
    let optId: string;
    let kept: SelectOption | undefined;
    if (id !== undefined && id !== null && id !== '') {
      kept = existing?.find((x) => x.id === id);
      if (!kept) throw fail(`option id ${String(id)} is not an option of this field`);
      if (out.some((x) => x.id === id)) throw fail(`option id ${String(id)} is repeated`);
      optId = kept.id;
    } else optId = newId.option();
    const colour = typeof color === 'number' ? color : kept ? kept.color : nextColour(out);
    out.push({ id: optId, name: optName, color: colour });
  }
  return out;
}

/**
 * Feishu adds an option when a record write names one the field lacks (the web UI does the
 * same), so a write never fails just for a new option name. New options wait in `pending` until
 * the whole write has validated (`commitOptions`), so a refused batch leaves the field as it was.
 */
export function optionIdFor(field: Field, name: string, pending: Map<Field, SelectOption[]>): string {
  const waiting = pending.get(field) ?? [];
  const all = [...optionsOf(field), ...waiting];
  const found = all.find((o) => o.name === name);
  if (found) return found.id;
  const option = { id: newId.option(), name, color: nextColour(all) };
  pending.set(field, [...waiting, option]);
  return option.id;
}

export function commitOptions(pending: Map<Field, SelectOption[]>): void {
  for (const [field, added] of pending) field.property = { ...(field.property ?? {}), options: [...optionsOf(field), ...added] };
  pending.clear();
}

export const optionName = (field: Field, id: string): string | undefined => optionsOf(field).find((o) => o.id === id)?.name;
