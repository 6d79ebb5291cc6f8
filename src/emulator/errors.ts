/** A Feishu-style failure: HTTP status plus the envelope's `code` and `msg`. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
  }
}

/** Bitable answers most failures with HTTP 200 and a non-zero code (seed A10-A49 error tables). */
export const bitableError = (code: number, msg: string) => new ApiError(200, code, msg);

/** Generic parameter error, as Feishu's gateway answers malformed requests. */
export const paramError = (msg: string) => new ApiError(400, 99992402, `field validation failed: ${msg}`);
