/**
 * AWS parses Wait timestamps as an "ISO-8601 extended offset date-time" (its causes' words): Java's
 * DateTimeFormatter.ISO_OFFSET_DATE_TIME. Date and time joined by `T` (case-insensitive), seconds
 * and a fraction of up to nine digits optional, then `Z` or an offset `+hh:mm` (optionally `:ss`),
 * every field in range (month 13, hour 25 and a 30th of February are refused, as recorded).
 */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch milliseconds of an ISO_OFFSET_DATE_TIME string, or undefined when Java would not parse it. */
export function parseOffsetDateTime(text: string): number | undefined {
  const match = OFFSET_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const fraction = match[7] ?? '';
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  const offsetSeconds = Number(match[12] ?? 0);
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return undefined;
  if (hour! > 23 || minute! > 59 || second > 59) return undefined;
  if (offsetHours > 18 || offsetMinutes > 59 || offsetSeconds > 59) return undefined;
  const sign = match[9] === '-' ? -1 : 1;
  const offsetMs = sign * ((offsetHours * 60 + offsetMinutes) * 60 + offsetSeconds) * 1000;
  const ms = Number(`0.${fraction || '0'}`) * 1000;
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second) + Math.floor(ms) - offsetMs;
}
