/**
 * The one scrubber for text that leaves the process (errors, log lines): the given secrets,
 * bearer values, and anything shaped like a Feishu token (`t-…`, `u-…`).
 */
export type Redact = (text: string) => string;

const TOKEN = /\b[tu]-[A-Za-z0-9._~+/=-]{8,}/g;
const BEARER = /\b(Bearer)\s+[^\s,;"']+/gi;

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  // Longest first, so a secret that contains another is replaced whole; very short ones would match noise.
  const known = secrets.filter((s): s is string => !!s && s.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of known) out = out.split(secret).join('[redacted]');
  return out.replace(BEARER, '$1 [redacted]').replace(TOKEN, '[redacted-token]');
}

/** A scrubber bound to the process's secrets. */
export const createRedactor =
  (secrets: readonly (string | undefined)[] = []): Redact =>
  (text) =>
    redact(text, secrets);
