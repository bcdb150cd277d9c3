import { messages } from '../messages/zh-CN';
import type { CaseDetail, CaseSummary, DialogueContext } from './types';

const MAX_CASES_LISTED = 10;
const MAX_EVENTS_SHOWN = 10;
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2月26日 14:05" in the district's zone (built from parts: ICU's zh-CN layout varies by version). */
function formatTime(at: number, ctx: DialogueContext, withTime: boolean): string {
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, fmt);
  }
  if (!Number.isFinite(at)) return '';
  const part = (type: Intl.DateTimeFormatPartTypes) => fmt.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  const day = `${Number(part('month'))}月${Number(part('day'))}日`;
  return withTime ? `${day} ${part('hour')}:${part('minute')}` : day;
}

function caseLine(c: CaseSummary, ctx: DialogueContext) {
  return {
    caseNumber: c.caseNumber,
    status: messages.statusText(c.status),
    categoryName: c.categoryName,
    date: formatTime(c.createdAt, ctx, false),
    description: c.description,
  };
}

/** The resident's own cases, newest first as the case service gives them. */
export function renderMyCases(cases: CaseSummary[], ctx: DialogueContext): string {
  if (cases.length === 0) return messages.noCases;
  return messages.myCases(cases.slice(0, MAX_CASES_LISTED).map((c) => caseLine(c, ctx)));
}

/** One case and what has happened to it, latest events last. */
export function renderCase(found: CaseDetail, ctx: DialogueContext): string {
  return messages.caseDetail({
    ...caseLine(found, ctx),
    areaName: found.areaName,
    locationText: found.locationText,
    events: found.events.slice(-MAX_EVENTS_SHOWN).map((e) => ({
      time: formatTime(e.at, ctx, true),
      what: messages.eventText(e.type),
      by: e.by ?? null,
      note: e.note,
    })),
  });
}
