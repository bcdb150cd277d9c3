import type { Db } from '../../db/client';
import type { District } from '../../domain/district';
import type { Priority } from '../../domain/ledger';
import { fileCase, type FileCaseDeps } from '../../cases/file-case';
import { acceptCase } from '../../cases/accept-case';
import { postProgress } from '../../cases/post-progress';
import { resolveCase } from '../../cases/resolve-case';
import { answerFollowUp, type Satisfaction } from '../../cases/answer-follow-up';
import type { Actor } from '../../cases/case-change';
import { recordVisit } from '../../visits/record-visit';
import { DEMO_NOTES, DEMO_STORIES, DEMO_VISITS } from './demo-stories';

/** The database already holds cases: the demo is loaded only into a district without any. */
export class DemoRefused extends Error {
  override name = 'DemoRefused';
}

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
export const DEMO_CHANNEL = 'web';
const DEMO_KEY = 'demo-resident-';

/** A small seeded generator: the same demo (relative to the day it is loaded) every time. */
function seeded(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

export type DemoSummary = { cases: number; byStatus: Record<string, number>; overdue: number; reopened: number; visits: number; followUps: number };

/**
 * Loads a quarter (the 91 days up to `now`) of a district's life through the same use cases a real
 * one goes through: residents file cases in every ledger, their cadres accept, report progress and
 * resolve them (some late, some not at all: overdue), residents answer the follow-up (回访), some
 * not satisfied, which reopens the case; cadres record 五访五问 visits, filing problems found there.
 * The notices those steps would have sent at the time are dropped: nobody is waiting for them.
 */
export async function loadDemoQuarter(deps: { db: Db; district: District; now: Date; cases?: number }): Promise<DemoSummary> {
  const { db, district, now } = deps;
  const existing = await db.case.count();
  if (existing > 0) throw new DemoRefused(`this database already has ${existing} cases; the demo is loaded only into one without any`);
  const areaIds = new Map((await db.area.findMany({ select: { code: true, id: true } })).map((a) => [a.code, a.id]));
  const caseDeps: FileCaseDeps = { db, district, areaIds, showCadrePhone: false };
  const outboxBefore = (await db.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const rand = seeded(20260101);
  const places = district.grassroots.map((a) => a.code);
  const start = now.getTime() - 91 * DAY;
  const count = deps.cases ?? 72;
  let followUps = 0;

  const act = async (caseNumber: string, step: (actor: Actor) => Promise<unknown>) => {
    const row = await db.case.findUniqueOrThrow({ where: { caseNumber }, select: { assigneeId: true } });
    if (row.assigneeId === null) return false;
    await step({ kind: 'CADRE', cadreId: row.assigneeId, supervisor: false });
    return true;
  };

  for (let i = 0; i < count; i++) {
    // Spread over the quarter, a little busier lately; office hours and evenings.
    const dayOffset = Math.floor(91 * Math.sqrt(rand.next()));
    const filedAt = new Date(Math.min(start + dayOffset * DAY + (8 + rand.int(12)) * HOUR + rand.int(60) * 60_000, now.getTime() - HOUR));
    const story = DEMO_STORIES[i % DEMO_STORIES.length]!;
    const category = district.category(story.category);
    const priority: Priority = story.priority ?? (category.defaultPriority as Priority);
    const residentKey = `${DEMO_KEY}${i + 1}`;
    const filed = await fileCase(caseDeps, {
      channel: DEMO_CHANNEL, residentKey, confirmMessageId: `demo:${i + 1}`,
      description: story.description, categoryCode: category.code, areaCode: rand.pick(places), locationText: story.place,
      households: story.households, priority, phone: `1390000${String(1000 + i).slice(-4)}`, classifierWords: [], attachments: [], at: filedAt,
    });
    const n = filed.caseNumber;
    const age = now.getTime() - filedAt.getTime();
    const fate = rand.next();
    const at = (ms: number) => new Date(Math.min(filedAt.getTime() + ms, now.getTime() - 60_000));
    // The newest stay waiting; about one in eight is never taken up (overdue to accept).
    if (age < 6 * HOUR || fate < 0.12) continue;
    await act(n, (actor) => acceptCase(caseDeps, { caseNumber: n, actor, at: at(1 * HOUR + rand.int(3) * HOUR) }));
    if (age < 2 * DAY) continue;
    await act(n, (actor) => postProgress(caseDeps, { caseNumber: n, actor, note: rand.pick(DEMO_NOTES.progress), at: at(DAY) }));
    // About one in six drags on past its time limit.
    if (fate < 0.28) continue;
    const resolvedAfter = (2 + rand.int(fate > 0.9 ? 20 : 6)) * DAY;
    if (resolvedAfter > age) continue;
    await act(n, (actor) => resolveCase(caseDeps, { caseNumber: n, actor, note: rand.pick(DEMO_NOTES.resolve), at: at(resolvedAfter) }));
    // Some are resolved and wait for the resident's answer (RESOLVED).
    if (resolvedAfter + DAY > age || fate < 0.36) continue;
    // 回访: asked the day after; most are satisfied, a few are not (reopened), some partly.
    const asked = at(resolvedAfter + DAY);
    const row = await db.case.findUniqueOrThrow({ where: { caseNumber: n }, select: { id: true, residentId: true } });
    await db.case.update({ where: { id: row.id }, data: { followUpDueAt: null } });
    await db.followUp.create({ data: { caseId: row.id, residentId: row.residentId!, askedAt: asked } });
    const answer: Satisfaction = fate > 0.93 ? 'UNSATISFIED' : fate > 0.82 ? 'PARTLY' : 'SATISFIED';
    const comment = answer === 'UNSATISFIED' ? DEMO_NOTES.unsatisfied : answer === 'PARTLY' ? DEMO_NOTES.partly : null;
    await answerFollowUp(caseDeps, { channel: DEMO_CHANNEL, residentKey, answer, comment, at: at(resolvedAfter + DAY + 2 * HOUR) });
    followUps++;
    // A reopened case is assigned again and waits for its cadre (reopenedAt marks it).
  }

  // 五访五问: each village's or community's cadres go out a few times over the quarter.
  let visits = 0;
  const cadres = await db.cadre.findMany({ where: { active: true, area: { code: { in: places } } }, select: { id: true, area: { select: { code: true } } }, orderBy: { id: 'asc' } });
  for (let v = 0; v < DEMO_VISITS.length * 2; v++) {
    const visit = DEMO_VISITS[v % DEMO_VISITS.length]!;
    const cadre = cadres[v % cadres.length]!;
    // The demo loader composes its own filing (it acts as the district's past, not as a cadre).
    await recordVisit({ ...caseDeps, cases: { fileCase: (input) => fileCase(caseDeps, input) } }, {
      cadreId: cadre.id, kind: visit.kind, visitee: visit.visitee, areaCode: cadre.area.code, place: '', opinions: visit.opinions, problems: visit.problems,
      toFile: visit.fileFirst && v < DEMO_VISITS.length ? [0] : [], confirmMessageId: `demo-visit:${v + 1}`, at: new Date(start + Math.floor(((v + 0.5) * 88 * DAY) / (DEMO_VISITS.length * 2)) + 10 * HOUR),
    });
    visits++;
  }

  // What would have been sent then is not sent now.
  await db.outboxMessage.deleteMany({ where: { id: { gt: outboxBefore } } });

  const all = await db.case.findMany({ select: { status: true, reopenedAt: true, resolveDueAt: true, resolvedAt: true, acceptDueAt: true, acceptedAt: true } });
  const byStatus: Record<string, number> = {};
  for (const c of all) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  const overdue = all.filter((c) => (c.resolvedAt ?? now) > c.resolveDueAt || (c.acceptedAt ?? now) > c.acceptDueAt).length;
  return { cases: all.length, byStatus, overdue, reopened: all.filter((c) => c.reopenedAt).length, visits, followUps };
}
