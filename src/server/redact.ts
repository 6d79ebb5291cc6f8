/**
 * Scrubs credentials from text bound for a client or a log line: Feishu tokens (`t-…`, `u-…`,
 * `a-…`), bearer values, and the configured secrets themselves.
 */
export type Redact = (text: string) => string;

const TOKEN = /\b[tua]-[A-Za-z0-9_.-]{8,}/g;
const BEARER = /\b(Bearer)\s+[^\s,;"']+/gi;

export function createRedactor(secrets: Array<string | undefined> = []): Redact {
  // Longest first, so a secret that contains another is replaced whole; short ones would match noise.
  const known = secrets.filter((s): s is string => !!s && s.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('[redacted]');
    return out.replace(BEARER, '$1 [redacted]').replace(TOKEN, '[redacted]');
  };
}

export const redact: Redact = createRedactor();
