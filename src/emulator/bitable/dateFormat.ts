/**
 * Formats epoch ms with Feishu's date patterns (seed A05: `yyyy/MM/dd HH:mm`, `MM-dd`, the
 * auto-number `yyyyMMdd`...) in the base's time zone, as the web UI shows them.
 */
export function formatDate(ms: number, pattern: string, timeZone: string): string {
  const parts = zonedParts(ms, timeZone);
  return pattern.replace(/yyyy|MM|dd|HH|mm/g, (token) => parts[token as keyof typeof parts]);
}

const OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** One formatter per zone: building one costs far more than formatting (a date sort formats every record). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-GB', { ...OPTIONS, timeZone });
    } catch {
      // A base created with a zone name Intl does not know still formats, in UTC.
      fmt = new Intl.DateTimeFormat('en-GB', { ...OPTIONS, timeZone: 'UTC' });
    }
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

function zonedParts(ms: number, timeZone: string) {
  const p = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { yyyy: p.year, MM: p.month, dd: p.day, HH: p.hour, mm: p.minute };
}
