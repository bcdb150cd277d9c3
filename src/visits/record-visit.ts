import { Prisma } from '../generated/prisma/client';
import type { FileCaseDeps } from '../cases/file-case';
import type { CaseService } from '../cases/case-service';
import { VISIT_CHANNEL } from '../cases/case-change';
import type { Ledger } from '../domain/ledger';
import type { VisitKindCode } from '../messages/zh-CN';
import { emergencyOf } from '../dialogue/understand';

export type RecordVisitInput = {
  cadreId: number;
  kind: VisitKindCode;
  visitee: string;
  areaCode: string;
  place: string;
  opinions: string[];
  problems: string[];
  /** Indexes into `problems` of those filed as cases on the spot. */
  toFile: number[];
  /** Recording twice under it returns the first visit (and files nothing twice). */
  confirmMessageId: string;
  at: Date;
};

export type RecordedVisit = {
  visitId: number;
  cases: { caseNumber: string; ledger: Ledger; categoryCode: string; assigneeName: string | null }[];
};

export class UnknownVisitAreaError extends Error {
  override name = 'UnknownVisitAreaError';
}

/**
 * 五访五问: records a cadre's visit, then files each chosen problem as a case on behalf of the
 * person visited — classified like a resident's report (category → ledger, priority), routed like
 * any case, and linked to the visit. The visitee is a resident of the `visit` channel: nothing is
 * sent to them (the cadre tells them in person); the case's cadre is told as usual.
 *
 * Idempotent: the visit on its confirming message, each case on `visit:<id>:<problem index>`, so a
 * retry after a failure in between finishes the filings without doubling anything.
 */
/** The visit's own rows are written here; its problems are filed through the case service. */
export type RecordVisitDeps = Pick<FileCaseDeps, 'db' | 'district' | 'areaIds'> & { cases: Pick<CaseService, 'fileCase'> };

export async function recordVisit(deps: RecordVisitDeps, input: RecordVisitInput): Promise<RecordedVisit> {
  const areaId = deps.areaIds.get(input.areaCode);
  if (areaId === undefined) throw new UnknownVisitAreaError(`unknown area ${input.areaCode}`);
  const visit = await createOnce(deps, input, areaId);
  const cases: RecordedVisit['cases'] = [];
  for (const index of input.toFile) {
    const problem = input.problems[index];
    if (problem === undefined) continue;
    const found = deps.district.classify(problem);
    // A danger found on a visit is filed URGENT, with the emergency time limits.
    const emergency = emergencyOf(deps.district, problem).emergency;
    const category = deps.district.category(found.category);
    const filed = await deps.cases.fileCase({
      channel: VISIT_CHANNEL,
      residentKey: `visit-${visit.id}`,
      residentName: input.visitee,
      confirmMessageId: `visit:${visit.id}:${index}`,
      description: problem,
      categoryCode: category.code,
      areaCode: input.areaCode,
      locationText: input.place,
      households: null,
      priority: emergency ? 'URGENT' : found.priority,
      phone: null,
      classifierWords: found.words,
      attachments: [],
      filedByCadreId: input.cadreId,
      at: input.at,
    });
    const row = await deps.db.case.update({
      where: { id: filed.caseId },
      data: { visitId: visit.id },
      select: { caseNumber: true, ledger: true, category: true, assignee: { select: { name: true } } },
    });
    cases.push({ caseNumber: row.caseNumber, ledger: row.ledger, categoryCode: row.category, assigneeName: row.assignee?.name ?? null });
  }
  return { visitId: visit.id, cases };
}

async function createOnce(deps: RecordVisitDeps, input: RecordVisitInput, areaId: number): Promise<{ id: number }> {
  const existing = await deps.db.visit.findUnique({ where: { confirmMessageId: input.confirmMessageId }, select: { id: true } });
  if (existing) return existing;
  try {
    return await deps.db.visit.create({
      data: {
        kind: input.kind,
        cadreId: input.cadreId,
        areaId,
        visitee: input.visitee,
        place: input.place,
        opinions: input.opinions,
        problems: input.problems,
        opinionCount: input.opinions.length,
        problemCount: input.problems.length,
        confirmMessageId: input.confirmMessageId,
        visitedAt: input.at,
        createdAt: input.at,
      },
      select: { id: true },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const raced = await deps.db.visit.findUnique({ where: { confirmMessageId: input.confirmMessageId }, select: { id: true } });
      if (raced) return raced;
    }
    throw err;
  }
}
