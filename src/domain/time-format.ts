const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2月27日 10:00" in the district's time zone: how deadlines are shown to people. */
export function formatShortDateTime(at: Date, timeZone = 'Asia/Shanghai'): string {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(at: Date, timeZone: string): Record<string, number> {
  let fmt = dayFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    dayFormatters.set(timeZone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(at).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** "2026-11-27": the calendar day `at` falls on in the district. */
export function dayOf(at: Date, timeZone = 'Asia/Shanghai'): string {
  const p = partsIn(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant a calendar day ("2026-11-27") begins in the district's time zone. */
export function dayStart(day: string, timeZone = 'Asia/Shanghai'): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  const p = partsIn(guess, timeZone);
  const shown = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return new Date(guess.getTime() - (shown - guess.getTime()));
}
