/**
 * Strict timestamp reading shared by analytics and stream: ISO-8601 text or an epoch number, never the
 * process's time zone. Works on bytes so the analytics hot path needs no string per row.
 *
 * ISO-8601: `YYYY-MM-DD`, or that followed by `T` (or a space) and `hh:mm`, optional `:ss`, optional
 * `.fraction` (1-9 digits, read to the millisecond), optional offset `Z`, `±hh:mm`, `±hhmm` or `±hh`. Dates and times must exist
 * (2024-02-30, 25:00 and 10:61 do not); 24:00 and leap seconds are not accepted. Text without an offset
 * is read as UTC. Epochs are decimal digits (an optional fraction is ignored), their unit chosen by the
 * number of integer digits: up to 11 seconds, 12-14 milliseconds, 15-17 microseconds, 18-20 nanoseconds.
 */

/** Why a timestamp was refused; negative so it never collides with an epoch millisecond value in range. */
export const TIMESTAMP_FORMAT = -1e20;
export const TIMESTAMP_INVALID = -2e20;

export const DAY_MS = 86_400_000;

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
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch milliseconds of a timestamp in text, or TIMESTAMP_FORMAT / TIMESTAMP_INVALID. */
export function parseTimestampText(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  return parseTimestamp(bytes, 0, bytes.length);
}

/**
 * Epoch milliseconds of the timestamp in buf[start, end) (ASCII spaces around it are ignored), or
 * TIMESTAMP_FORMAT (not ISO-8601 or an epoch) / TIMESTAMP_INVALID (the date or time does not exist).
 */
export function parseTimestamp(buf: Uint8Array, start: number, end: number): number {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  if (end - start >= 10 && buf[start + 4] === 45) return parseIso(buf, start, end);
  return parseEpoch(buf, start, end);
}

function parseEpoch(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i] === 48 && i + 1 < end && isDigit(buf[i + 1]!)) i++; // leading zeros
  const intStart = i;
  while (i < end && isDigit(buf[i]!)) i++;
  const intDigits = i - intStart;
  if (intDigits === 0) return TIMESTAMP_FORMAT;
  if (i < end) {
    if (buf[i] !== 46 || i + 1 === end) return TIMESTAMP_FORMAT;
    for (i++; i < end; i++) if (!isDigit(buf[i]!)) return TIMESTAMP_FORMAT;
  }
  // Keep only whole milliseconds: drop the digits below them, so nanoseconds stay exact.
  const drop = intDigits <= 11 ? -3 : intDigits <= 14 ? 0 : intDigits <= 17 ? 3 : intDigits <= 20 ? 6 : -1;
  if (drop === -1) return TIMESTAMP_FORMAT;
  let value = 0;
  for (let k = intStart; k < intStart + intDigits - Math.max(0, drop); k++) value = value * 10 + (buf[k]! - 48);
  return drop === -3 ? value * 1000 : value;
}

function parseIso(buf: Uint8Array, start: number, end: number): number {
  const year = digits(buf, start, 4, end);
  const month = buf[start + 7] === 45 ? digits(buf, start + 5, 2, end) : -1;
  const day = digits(buf, start + 8, 2, end);
  if (year < 0 || month < 0 || day < 0) return TIMESTAMP_FORMAT;
  let i = start + 10;
  let seconds = 0;
  let millis = 0;
  if (i < end) {
    if (buf[i] !== 84 && buf[i] !== 116 && buf[i] !== 32) return TIMESTAMP_FORMAT; // T, t or space
    const hour = digits(buf, i + 1, 2, end);
    const minute = buf[i + 3] === 58 ? digits(buf, i + 4, 2, end) : -1;
    if (hour < 0 || minute < 0 || i + 6 > end) return TIMESTAMP_FORMAT;
    i += 6;
    let second = 0;
    if (i < end && buf[i] === 58) {
      second = digits(buf, i + 1, 2, end);
      if (second < 0 || i + 3 > end) return TIMESTAMP_FORMAT;
      i += 3;
      if (i < end && (buf[i] === 46 || buf[i] === 44)) {
        const from = ++i;
        while (i < end && isDigit(buf[i]!)) i++;
        if (i === from || i - from > 9) return TIMESTAMP_FORMAT;
        for (let k = 0; k < 3; k++) millis = millis * 10 + (from + k < i ? buf[from + k]! - 48 : 0);
      }
    }
    let offset = 0;
    if (i < end) {
      const sign = buf[i];
      if ((sign === 90 || sign === 122) && i + 1 === end) offset = 0; // Z
      else if (sign === 43 || sign === 45) {
        const oh = digits(buf, i + 1, 2, end);
        let om = 0;
        const rest = end - (i + 3);
        if (oh < 0 || rest < 0) return TIMESTAMP_FORMAT;
        if (rest === 3 && buf[i + 3] === 58) om = digits(buf, i + 4, 2, end);
        else if (rest === 2) om = digits(buf, i + 3, 2, end);
        else if (rest !== 0) return TIMESTAMP_FORMAT;
        if (om < 0) return TIMESTAMP_FORMAT;
        if (oh > 23 || om > 59) return TIMESTAMP_INVALID;
        offset = (sign === 43 ? 1 : -1) * (oh * 60 + om) * 60;
      } else return TIMESTAMP_FORMAT;
    }
    if (hour > 23 || minute > 59 || second > 59) return TIMESTAMP_INVALID;
    seconds = hour * 3600 + minute * 60 + second - offset;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return TIMESTAMP_INVALID;
  return (daysFromCivil(year, month, day) * 86_400 + seconds) * 1000 + millis;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The number written by `count` ASCII digits at `at`, or -1. */
function digits(buf: Uint8Array, at: number, count: number, end: number): number {
  if (at + count > end) return -1;
  let value = 0;
  for (let k = at; k < at + count; k++) {
    const c = buf[k];
    if (c === undefined || c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}
