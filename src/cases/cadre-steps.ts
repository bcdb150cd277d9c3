import { refusalText } from '../messages/zh-CN';
import { acceptCase } from './accept-case';
import { type Actor, type CaseDeps, type CaseOutcome, CaseRefusal, type RefusalCode } from './case-change';
import { cadreViewer } from './cadre-viewer';
import { caseScope, type Viewer } from './case-visibility';
import { postProgress } from './post-progress';
import { resolveCase } from './resolve-case';
import { transferCase } from './transfer-case';

/**
 * A cadre acting on or reading cases. Where their areas are already known (a signed-in web
 * caller) they come along; from WeChat only who they are, and the areas are read when needed.
 */
export type CadreRef = { cadreId: number; supervisor: boolean; areaIds?: number[] };

/** A cadre's step on a case: 受理, 进展, 办结, 转办. */
export type CadreStep =
  | { type: 'accept' }
  | { type: 'progress'; note: string }
  | { type: 'resolve'; note: string }
  | { type: 'transfer'; target: string; reason: string };

/**
 * What came of a step: done, or refused with the reason in the cadre's words. `notVisible`: the
 * case is outside the cadre's scope (or does not exist) — said as "not found", never naming its
 * assignee; the web sides answer it as their own "not found".
 */
export type StepResult = { ok: true; outcome: CaseOutcome } | { ok: false; refusal: RefusalCode | 'notVisible'; text: string };

/** The words for a refusal (the message catalogue's), from the refusal the use case raised. */
export const explainRefusal = (err: CaseRefusal): string => refusalText({ code: err.code, ...err.info });

/** Whether the case exists and is in the cadre's scope (cases/case-visibility.ts); a supervisor's is the district. */
export async function canSeeCase(deps: CaseDeps, who: CadreRef, caseNumber: string): Promise<boolean> {
  const viewer: Viewer | null = who.supervisor ? { ...who, areaIds: [] } : who.areaIds ? { ...who, areaIds: who.areaIds } : await cadreViewer(deps.db, who.cadreId);
  if (!viewer) return false;
  return (await deps.db.case.count({ where: { caseNumber, ...caseScope(viewer) } })) > 0;
}

/**
 * Runs one step with the same rules from every side (WeChat, the admin API, the desk): first the
 * visibility check, then the use case (who may, the status machine, the notifications, one
 * transaction). Refusals come back as results; anything else is a fault and is thrown.
 */
export async function runCadreStep(deps: CaseDeps, who: CadreRef, caseNumber: string, step: CadreStep, at: Date): Promise<StepResult> {
  if (!(await canSeeCase(deps, who, caseNumber))) return { ok: false, refusal: 'notVisible', text: refusalText({ code: 'notFound', caseNumber }) };
  const actor: Actor = { kind: 'CADRE', cadreId: who.cadreId, supervisor: who.supervisor };
  try {
    switch (step.type) {
      case 'accept':
        return { ok: true, outcome: await acceptCase(deps, { caseNumber, actor, at }) };
      case 'progress':
        return { ok: true, outcome: await postProgress(deps, { caseNumber, actor, note: step.note, at }) };
      case 'resolve':
        return { ok: true, outcome: await resolveCase(deps, { caseNumber, actor, note: step.note, at }) };
      case 'transfer':
        return { ok: true, outcome: await transferCase(deps, { caseNumber, actor, target: step.target, reason: step.reason, at }) };
    }
  } catch (err) {
    if (err instanceof CaseRefusal) return { ok: false, refusal: err.code, text: explainRefusal(err) };
    throw err;
  }
}
