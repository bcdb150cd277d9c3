import { formatMonthDay, formatShortDateTime } from '../domain/time';
import { messages } from '../messages/zh-CN';
import type { CaseDetail, CaseSummary, DialogueContext } from './types';

const MAX_CASES_LISTED = 10;
const MAX_EVENTS_SHOWN = 10;
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** "2月26日 14:05" (or the day alone) in the district's zone. */
function formatTime(at: number, ctx: DialogueContext, withTime: boolean): string {
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  if (!Number.isFinite(at)) return '';
  return withTime ? formatShortDateTime(at, timeZone) : formatMonthDay(at, timeZone);
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
