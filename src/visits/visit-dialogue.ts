import { z } from 'zod';
import type { FlatArea } from '../domain/areas';
import { understandingTexts, VISIT_KINDS, type VisitKindCode, visitTexts } from '../messages/zh-CN';
import type { EmergencyReading } from '../domain/understanding-fallback';
import { compact, halfWidth, isYes, matchArea, meaningfulLength, parseChoiceNumber, tidy } from '../dialogue/parse';

/**
 * A cadre's visit record (五访五问 / 民情家访) as a short guided exchange, a pure state machine
 * like the resident's intake: (session, text) → (session', replies, and the visit to record once
 * confirmed). Steps: kind → whom → where → opinions → problems → which problems to file → confirm.
 */

export const VISIT_STEPS = ['kind', 'whom', 'where', 'opinions', 'problems', 'file', 'confirm'] as const;
export type VisitStep = (typeof VISIT_STEPS)[number];

export const MAX_ITEMS = 30;
export const MAX_ITEM_CHARS = 500;
const MAX_VISITEE_CHARS = 50;
const MAX_PLACE_CHARS = 200;

export type VisitDraft = {
  kind?: VisitKindCode;
  visitee?: string;
  areaCode?: string;
  place?: string;
  opinions: string[];
  problems: string[];
  /** Indexes into `problems` of those to file as cases. */
  toFile: number[];
};

export type VisitSession = { v: 1; step: VisitStep; draft: VisitDraft; homeAreaCode: string | null; startedAt: number; lastActiveAt: number };

export type CompleteVisit = Required<Pick<VisitDraft, 'kind' | 'visitee' | 'areaCode'>> & Omit<VisitDraft, 'kind' | 'visitee' | 'areaCode'> & { place: string };

export type VisitContext = {
  now: number;
  idleMs: number;
  areas: FlatArea[];
  /** Emergencies first: a problem written down on a visit that reads as danger gets the advice at once. */
  detectEmergency?: (text: string) => EmergencyReading;
};

/**
 * What a cadre's message did to their visit record. `passOn`: not a visit answer (no record open,
 * or a case command typed mid-way): the desk handles it as usual, after `replies`.
 */
export type VisitTurn = { session: VisitSession | null; replies: string[]; passOn: boolean; record?: CompleteVisit };

const visitKind = z.enum(VISIT_KINDS.map((k) => k.code) as [VisitKindCode, ...VisitKindCode[]]);

export const visitSessionSchema: z.ZodType<VisitSession> = z.object({
  v: z.literal(1),
  step: z.enum(VISIT_STEPS),
  draft: z.object({
    kind: visitKind.optional(),
    visitee: z.string().optional(),
    areaCode: z.string().optional(),
    place: z.string().optional(),
    opinions: z.array(z.string()).max(MAX_ITEMS),
    problems: z.array(z.string()).max(MAX_ITEMS),
    toFile: z.array(z.number().int().nonnegative()),
  }),
  homeAreaCode: z.string().nullable(),
  startedAt: z.number(),
  lastActiveAt: z.number(),
});

const START = new Set(['走访', '记录走访', '记走访', '走访记录', '新走访', '五访五问', '民情家访', '家访', '记录家访']);
const CANCEL = new Set(['取消', '不记了', '算了', '退出', '取消走访']);
const DONE = new Set(['好了', '好', '完成', '完了', '没了', '没有了', '就这些', '写完了', '结束', 'ok', '下一步']);
const NONE = new Set(['没有', '无', '没', '暂无', '没有意见', '没有问题', '没有建议', '无意见']);
const ALL = new Set(['全部', '都要', '全部登记', '都登记', '是', '要', '好的', '登记']);
const NO_FILING = new Set(['不用', '不', '不要', '不登记', '都不用', '否', '没有', '无']);
const CONFIRM = new Set(['确认', '是', '好', '好的', '保存', '确定', '对', 'ok', '没问题', '提交']);

export const isVisitCommand = (text: string): boolean => START.has(compact(text));

export function startVisit(now: number, homeAreaCode: string | null): VisitTurn {
  const session: VisitSession = { v: 1, step: 'kind', draft: { opinions: [], problems: [], toFile: [] }, homeAreaCode, startedAt: now, lastActiveAt: now };
  return { session, replies: [visitTexts.kindPrompt], passOn: false };
}

/**
 * One message from a cadre who may be recording a visit. `isCaseCommand` says whether the text is
 * one of the desk's case commands (受理 …), which pass through without touching the record.
 */
export function visitTurn(session: VisitSession | null, text: string, ctx: VisitContext, isCaseCommand: boolean, homeAreaCode: () => string | null): VisitTurn {
  const c = compact(text);
  if (START.has(c)) {
    const started = startVisit(ctx.now, session?.homeAreaCode ?? homeAreaCode());
    return session ? { ...started, replies: [visitTexts.cancelled, ...started.replies] } : started;
  }
  if (!session) return { session: null, replies: [], passOn: true };
  if (ctx.now - session.lastActiveAt > ctx.idleMs) return { session: null, replies: [visitTexts.expired], passOn: true };
  if (CANCEL.has(c)) return { session: null, replies: [visitTexts.cancelled], passOn: false };
  if (isCaseCommand) return { session, replies: [], passOn: true };
  const turn = answer(session, text, ctx);
  const danger = ctx.detectEmergency?.(text);
  const replies = danger?.emergency ? [understandingTexts.emergencyAdvice(danger.hazard), ...turn.replies] : turn.replies;
  return { ...turn, replies, session: turn.session && { ...turn.session, lastActiveAt: ctx.now } };
}

/** The question of the session's step (after a pass-through, or when asked again). */
export function visitPrompt(session: VisitSession, ctx: VisitContext): string {
  const d = session.draft;
  switch (session.step) {
    case 'kind':
      return visitTexts.kindPrompt;
    case 'whom':
      return visitTexts.whomPrompt;
    case 'where':
      return visitTexts.wherePrompt(homeArea(session, ctx)?.name ?? null);
    case 'opinions':
      return visitTexts.opinionsPrompt;
    case 'problems':
      return visitTexts.problemsPrompt;
    case 'file':
      return visitTexts.filePrompt(d.problems);
    case 'confirm':
      return visitTexts.summary({
        kindName: VISIT_KINDS.find((k) => k.code === d.kind)?.name ?? '',
        visitee: d.visitee ?? '',
        place: placeOf(d, ctx),
        opinions: d.opinions,
        problems: d.problems,
        toFile: d.toFile,
      });
  }
}

function answer(session: VisitSession, text: string, ctx: VisitContext): VisitTurn {
  const d = session.draft;
  const c = compact(text);
  const to = (step: VisitStep, draft: VisitDraft, lead: string[] = []): VisitTurn => {
    const next = { ...session, step, draft };
    return { session: next, replies: [...lead, visitPrompt(next, ctx)], passOn: false };
  };
  const stay = (reply: string): VisitTurn => ({ session, replies: [reply], passOn: false });
  switch (session.step) {
    case 'kind': {
      const n = parseChoiceNumber(text, VISIT_KINDS.length);
      const kind = n !== null ? VISIT_KINDS[n - 1] : VISIT_KINDS.find((k) => c === k.name || c === k.short || c === `访${k.short}` || c.includes(k.short));
      return kind ? to('whom', { ...d, kind: kind.code }) : stay(visitTexts.kindWrong);
    }
    case 'whom': {
      const visitee = tidy(text);
      if (meaningfulLength(visitee) < 2 || [...visitee].length > MAX_VISITEE_CHARS) return stay(visitTexts.whomWrong);
      return to('where', { ...d, visitee });
    }
    case 'where': {
      const home = homeArea(session, ctx);
      if (home && (c === '0' || isYes(text))) return to('opinions', { ...d, areaCode: home.code, place: '' });
      if (halfWidth(text).length > MAX_PLACE_CHARS) return stay(visitTexts.whereWrong);
      const matched = matchArea(text, ctx.areas);
      if (matched) return to('opinions', { ...d, areaCode: matched.area.code, place: matched.rest });
      if (home && meaningfulLength(text) > 0) return to('opinions', { ...d, areaCode: home.code, place: tidy(text) });
      return stay(visitTexts.whereWrong);
    }
    case 'opinions':
    case 'problems': {
      const key = session.step;
      const list = d[key];
      const next: VisitStep = key === 'opinions' ? 'problems' : 'file';
      if (DONE.has(c) || NONE.has(c)) {
        if (next === 'file' && d.problems.length === 0) return to('confirm', d);
        return to(next, d);
      }
      const items = splitItems(text);
      if (items.some((i) => [...i].length > MAX_ITEM_CHARS)) return stay(visitTexts.itemTooLong(MAX_ITEM_CHARS));
      if (items.length === 0) return { session, replies: [visitPrompt(session, ctx)], passOn: false };
      if (list.length + items.length > MAX_ITEMS) return stay(visitTexts.itemTooMany(MAX_ITEMS));
      const added = [...list, ...items];
      return { session: { ...session, draft: { ...d, [key]: added } }, replies: [visitTexts.itemNoted(key === 'opinions' ? '意见建议' : '问题', added.length)], passOn: false };
    }
    case 'file': {
      const toFile = parseSelection(text, d.problems.length);
      return toFile ? to('confirm', { ...d, toFile }) : stay(visitTexts.fileWrong(d.problems.length));
    }
    case 'confirm': {
      if (!CONFIRM.has(c)) return stay(visitTexts.confirmWrong);
      const { kind, visitee, areaCode } = d;
      if (!kind || !visitee || !areaCode) return to(!kind ? 'kind' : !visitee ? 'whom' : 'where', d);
      // The session stays until the desk has recorded it: a failed save can be confirmed again.
      return { session, replies: [], passOn: false, record: { ...d, kind, visitee, areaCode, place: d.place ?? '' } };
    }
  }
}

/** One opinion or problem a line (or a ；-separated part); numbering the cadre typed is dropped. */
export function splitItems(text: string): string[] {
  return text
    .split(/[\n\r;；]+/)
    .map((line) => tidy(line.replace(/^\s*(?:\d{1,2}|[一二三四五六七八九十])\s*[.、．)）:：]\s*/, '')))
    .filter((line) => meaningfulLength(line) >= 2);
}

/** "全部" → all, "不用" → none, "1 3" / "1、3" / "1,3" → those (0-based); null if not understood. */
export function parseSelection(text: string, count: number): number[] | null {
  const c = compact(text);
  if (ALL.has(c)) return [...Array(count).keys()];
  if (NO_FILING.has(c)) return [];
  const parts = halfWidth(text).split(/[\s,，、和及]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const picked = new Set<number>();
  for (const p of parts) {
    const n = parseChoiceNumber(p.replace(/^第|[个件条]$/g, ''), count);
    if (n === null) return null;
    picked.add(n - 1);
  }
  return [...picked].sort((a, b) => a - b);
}

function homeArea(session: VisitSession, ctx: VisitContext): FlatArea | undefined {
  return ctx.areas.find((a) => a.code === session.homeAreaCode);
}

function placeOf(d: VisitDraft, ctx: VisitContext): string {
  const area = ctx.areas.find((a) => a.code === d.areaCode)?.name ?? '';
  return d.place ? `${area} ${d.place}` : area;
}
