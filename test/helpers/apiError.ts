import { expect } from 'vitest';
import { ApiError } from '../../src/emulator/errors.js';

/** Asserts that `run` throws an ApiError with this code, HTTP status and message (exact text or pattern). */
export function expectApiError(run: () => unknown, code: number, httpStatus: number, message: string | RegExp, what?: string): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught, what && `${what} throws`).toBeInstanceOf(ApiError);
  const err = caught as ApiError;
  expect(err.code).toBe(code);
  expect(err.httpStatus).toBe(httpStatus);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
}
