/**
 * EventBridge schedule expressions, as serverless.yml writes them: `rate(5 minutes)` and the six-field
 * `cron(minutes hours day-of-month month day-of-week year)`, evaluated in UTC as EventBridge does.
 * Supported in cron fields: numbers, `*`, `?`, lists `a,b`, ranges `a-b`, steps `x/n`, month and
 * weekday names; `L`, `W` and `#` are refused with a clear error.
 */

export interface Schedule {
  /** The first fire time strictly after `after` (epoch ms), or undefined when there is none within a year. */
  next(after: number): number | undefined;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Search horizon for the next cron match. */
const MAX_SEARCH_MINUTES = 366 * 24 * 60;

export class ScheduleExpressionError extends Error {
  override readonly name = 'ScheduleExpressionError';
}

function field(text: string, min: number, max: number, names: readonly string[] = [], nameBase = min): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new ScheduleExpressionError(`'${token}' is out of range ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    if (/[LW#]/.test(part.replace(/[A-Za-z]{3}/g, (m) => (names.includes(m.toUpperCase()) ? '' : m)))) {
      throw new ScheduleExpressionError(`'${part}': L, W and # are not supported locally`);
    }
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleExpressionError(`bad step in '${part}'`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

/** Parses `rate(...)` or `cron(...)`; throws ScheduleExpressionError naming the problem. */
export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
  if (rate) {
    const count = Number(rate[1]);
    if (count < 1) throw new ScheduleExpressionError(`${expression}: the rate must be at least 1`);
    const every = count * UNIT_MS[rate[2]!.replace(/s$/, '')]!;
    return { next: (after) => after + every };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (!cron) throw new ScheduleExpressionError(`${expression}: expected rate(N unit) or cron(min hour day month weekday year)`);
  const parts = cron[1]!.trim().split(/\s+/);
  if (parts.length !== 6) throw new ScheduleExpressionError(`${expression}: cron needs 6 fields, got ${parts.length}`);
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?') && !(dom === '*' && dow === '?') && !(dom === '?' && dow === '*')) {
    throw new ScheduleExpressionError(`${expression}: exactly one of day-of-month and day-of-week must be '?'`);
  }
  let sets: Set<number>[];
  try {
    sets = [field(min, 0, 59), field(hour, 0, 23), field(dom, 1, 31), field(month, 1, 12, MONTHS, 1), field(dow, 1, 7, DAYS, 1), field(year, 1970, 2199)];
  } catch (error) {
    throw new ScheduleExpressionError(`${expression}: ${(error as Error).message}`);
  }
  const [mins, hours, doms, months, dows, years] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const anyDom = dom === '?' || dom === '*';
  const anyDow = dow === '?' || dow === '*';
  return {
    next(after) {
      let t = Math.floor(after / 60_000) * 60_000 + 60_000;
      for (let i = 0; i < MAX_SEARCH_MINUTES; i += 1, t += 60_000) {
        const d = new Date(t);
        if (!years.has(d.getUTCFullYear()) || !months.has(d.getUTCMonth() + 1)) continue;
        // EventBridge weekdays: 1 = Sunday … 7 = Saturday.
        if (!anyDom && !doms.has(d.getUTCDate())) continue;
        if (!anyDow && !dows.has(d.getUTCDay() + 1)) continue;
        if (hours.has(d.getUTCHours()) && mins.has(d.getUTCMinutes())) return t;
      }
      return undefined;
    },
  };
}
