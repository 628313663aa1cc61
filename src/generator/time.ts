/**
 * Time in the simulation is UTC epoch seconds (integers); loader sync times
 * are epoch milliseconds, because `_fivetran_synced` carries milliseconds and
 * "latest wins" must never meet a tie.
 */

export const DAY = 86_400;
export const HOUR = 3_600;
export const MINUTE = 60;

/** '2024-01-01' or '2024-01-01 12:00:00' (UTC) to epoch seconds. */
export function parseUtc(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) throw new Error(`not a UTC date or timestamp: '${text}'`);
  const [, y, mo, d, h, mi, s] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +(h ?? 0), +(mi ?? 0), +(s ?? 0)) / 1000;
}

function parts(t: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const date = new Date(t * 1000);
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    s: date.getUTCSeconds(),
  };
}

const p2 = (n: number): string => String(n).padStart(2, '0');
const p3 = (n: number): string => String(n).padStart(3, '0');

/** 'YYYY-MM-DD' */
export function dateStr(t: number): string {
  const { y, mo, d } = parts(t);
  return `${y}-${p2(mo)}-${p2(d)}`;
}

/** 'YYYY-MM-DD HH:MM:SS', the project's canonical timestamp text. */
export function tsStr(t: number): string {
  const { y, mo, d, h, mi, s } = parts(t);
  return `${y}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(s)}`;
}

/** 'YYYY-MM-01' of the month holding t. */
export function monthStr(t: number): string {
  const { y, mo } = parts(t);
  return `${y}-${p2(mo)}-01`;
}

/** Salesforce API style: '2025-03-04T05:06:07.000+0000'. */
export function sfTimestamp(t: number): string {
  const { y, mo, d, h, mi, s } = parts(t);
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}.000+0000`;
}

/** Segment style in UTC: '2025-03-04T05:06:07Z', or with milliseconds when `ms` is given. */
export function isoZ(t: number, ms?: number): string {
  const { y, mo, d, h, mi, s } = parts(t);
  const frac = ms === undefined ? '' : `.${p3(ms)}`;
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${frac}Z`;
}

/** The same instant written in local time with an offset: '2025-03-04T06:06:07+01:00'. */
export function isoOffset(t: number, offsetMinutes: number): string {
  const local = parts(t + offsetMinutes * 60);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local.y}-${p2(local.mo)}-${p2(local.d)}T${p2(local.h)}:${p2(local.mi)}:${p2(local.s)}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
}

/** Loader timestamps (epoch milliseconds): '2025-03-04T05:06:07.123Z'. */
export function loaderTs(ms: number): string {
  const t = Math.floor(ms / 1000);
  return isoZ(t, ms - t * 1000);
}

export function dayIndex(t: number): number {
  return Math.floor(t / DAY);
}

export function startOfDay(t: number): number {
  return dayIndex(t) * DAY;
}

export function startOfMonth(t: number): number {
  const { y, mo } = parts(t);
  return Date.UTC(y, mo - 1, 1) / 1000;
}

/** First second of the month `n` months after the month holding t. */
export function addMonthsToMonthStart(t: number, n: number): number {
  const { y, mo } = parts(t);
  return Date.UTC(y, mo - 1 + n, 1) / 1000;
}

/** Last second of the month holding t. */
export function endOfMonth(t: number): number {
  return addMonthsToMonthStart(t, 1) - 1;
}

/**
 * Stripe-style billing cycle: `months` months after `anchor`, keeping the
 * anchor's day of month and clamping to the month's last day (Jan 31 -> Feb 28).
 */
export function addBillingMonths(anchor: number, months: number): number {
  const a = parts(anchor);
  const targetMonthStart = Date.UTC(a.y, a.mo - 1 + months, 1) / 1000;
  const tp = parts(targetMonthStart);
  const daysInTarget = new Date(Date.UTC(tp.y, tp.mo, 0)).getUTCDate();
  const day = Math.min(a.d, daysInTarget);
  return Date.UTC(tp.y, tp.mo - 1, day, a.h, a.mi, a.s) / 1000;
}

/** Every month start from the month of `from` to the month of `to`, inclusive. */
export function monthStarts(from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = startOfMonth(from); m <= to; m = addMonthsToMonthStart(m, 1)) out.push(m);
  return out;
}

/**
 * Epoch seconds of an ISO-8601 timestamp with 'Z' or a +hh:mm offset (the
 * Segment forms), without Date.parse, which is slow on 100k rows.
 */
export function isoToEpoch(text: string): number {
  const num = (from: number, len: number): number => {
    let n = 0;
    for (let i = from; i < from + len; i++) n = n * 10 + (text.charCodeAt(i) - 48);
    return n;
  };
  const base = Date.UTC(num(0, 4), num(5, 2) - 1, num(8, 2), num(11, 2), num(14, 2), num(17, 2)) / 1000;
  let i = 19;
  if (text[i] === '.') {
    i++;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  }
  if (i >= text.length || text[i] === 'Z') return base;
  const sign = text[i] === '-' ? -1 : 1;
  return base - sign * (num(i + 1, 2) * 3600 + num(i + 4, 2) * 60);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(t: number): number {
  return (Math.floor(t / DAY) + 4) % 7;
}
