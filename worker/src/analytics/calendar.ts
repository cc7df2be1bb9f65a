/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil), no Date objects. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** "YYYY-MM-DD" for a day number (UTC). */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Day number (UTC) of an order timestamp: ISO-8601 text (the date part is used when no offset is given,
 * otherwise the instant is converted to UTC), or epoch seconds / milliseconds. NaN when unreadable.
 */
export function dayOfTimestamp(value: string | number): number {
  if (typeof value === 'number') return epochDay(value);
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return epochDay(Number(text));
  const plain = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z)?$/.exec(text);
  if (plain) return validDay(Number(plain[1]), Number(plain[2]), Number(plain[3]));
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NaN : Math.floor(ms / 86_400_000);
}

/** Epoch seconds below 1e11 (year 5138), milliseconds above. */
function epochDay(epoch: number): number {
  if (!Number.isFinite(epoch)) return Number.NaN;
  const ms = Math.abs(epoch) < 1e11 ? epoch * 1000 : epoch;
  return Math.floor(ms / 86_400_000);
}

/** The last date validDay converted: orders usually come grouped by day, so most rows repeat it. */
let lastDate = -1;
let lastDayNumber = Number.NaN;

/** Day number of a calendar date, NaN when month or day is out of range. */
export function validDay(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  const date = (year * 100 + month) * 100 + day;
  if (date !== lastDate) {
    lastDayNumber = daysFromCivil(year, month, day);
    lastDate = date;
  }
  return lastDayNumber;
}
