/**
 * Time in the district's zone: the one place that turns instants into local days and clock
 * times and back. Pure. Every zone has one cached Intl.DateTimeFormat, and every output below
 * is built from its numeric parts (ICU's localized layouts differ between Node versions).
 * Day starts are computed from the zone's offset at that day, so they stay right across a
 * daylight-saving change (China has none today, but a district's zone is configuration).
 */

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `at` in the zone (month 1-based). */
export function partsIn(at: Date | number, timeZone = DEFAULT_TIME_ZONE): Parts {
  const ms = typeof at === 'number' ? at : at.getTime();
  // The zone's offset is read from ICU once per minute and zone (formatToParts costs tens of µs,
  // and a filing asks for the day of every case): offsets change on whole minutes, so within one
  // the wall clock is the instant moved by the same offset. Several minutes are kept: a filing
  // asks about now and its time limits, one after the other.
  const minute = Math.floor(ms / 60_000);
  let known = offsets.get(timeZone);
  if (!known) offsets.set(timeZone, (known = new Map()));
  let offsetMs = known.get(minute);
  if (offsetMs === undefined) {
    if (known.size >= MINUTES_KEPT) known.clear();
    known.set(minute, (offsetMs = offsetFromIcu(minute * 60_000, timeZone)));
  }
  const local = new Date(ms + offsetMs);
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds(),
  };
}

/** Per zone, its offset at each minute asked about lately (ms); cleared when full. */
const offsets = new Map<string, Map<number, number>>();
const MINUTES_KEPT = 256;

/** The wall-clock reading by ICU, as the zone's offset at a whole minute. */
function offsetFromIcu(ms: number, timeZone: string): number {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(ms).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - ms;
}

const two = (n: number) => String(n).padStart(2, '0');

/** How far the zone is ahead of UTC at that instant, in ms (+8 h for Beijing). */
export function zoneOffsetMs(at: Date | number, timeZone = DEFAULT_TIME_ZONE): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  const p = partsIn(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** "+08:00": the zone's offset at that instant, as W3C date-times write it. */
export function offsetText(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const minutes = Math.round(zoneOffsetMs(at, timeZone) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${two(Math.floor(Math.abs(minutes) / 60))}:${two(Math.abs(minutes) % 60)}`;
}

/** "2026-11-27": the calendar day `at` falls on in the district. */
export function dayOf(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = partsIn(at, timeZone);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/** "2026-11-27" plus n calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 for Monday … 6 for Sunday, of a calendar day. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The instant a calendar day ("2026-11-27") begins in the district's time zone. */
export function dayStart(day: string, timeZone = DEFAULT_TIME_ZONE): Date {
  const naive = new Date(`${day}T00:00:00Z`).getTime();
  const first = naive - zoneOffsetMs(naive, timeZone);
  // Around a daylight-saving change the offset at midnight may differ from the one at the guess.
  return new Date(naive - zoneOffsetMs(first, timeZone));
}

/** The instant the day after `day` begins: the exclusive end of that day (23 or 25 hours on a DST change). */
export function dayEnd(day: string, timeZone = DEFAULT_TIME_ZONE): Date {
  return dayStart(addDays(day, 1), timeZone);
}

/** Minutes since local midnight. */
export function minuteOfDay(at: Date, timeZone = DEFAULT_TIME_ZONE): number {
  const p = partsIn(at, timeZone);
  return p.hour * 60 + p.minute;
}

/** "2月27日 10:00" in the district's time zone: how deadlines are shown to people. */
export function formatShortDateTime(at: Date | number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = partsIn(at, timeZone);
  return `${p.month}月${p.day}日 ${two(p.hour)}:${two(p.minute)}`;
}

/** "2月27日": the day alone, as people read it. */
export function formatMonthDay(at: Date | number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = partsIn(at, timeZone);
  return `${p.month}月${p.day}日`;
}

/** "2026-02-27 10:00": ISO order, as desk pages and WeChat's time fields show it. */
export function formatDayTime(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = partsIn(at, timeZone);
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** W3C date-time with the district's offset: 2026-02-26T10:00:00+08:00. */
export function w3cDateTime(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = partsIn(at, timeZone);
  return `${dayOf(at, timeZone)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${offsetText(at, timeZone)}`;
}
