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
