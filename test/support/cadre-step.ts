import type { CadreStep, CaseService } from '../../src/cases/case-service';

/**
 * A cadre's step (受理/进展/办结/转办) through the one case service, as every side takes it;
 * a refusal fails the test with its words. `who` may carry the actor's `kind` as the use cases spell it.
 */
export async function cadreStep(cases: CaseService, who: { kind?: 'CADRE'; cadreId: number; supervisor: boolean }, caseNumber: string, step: CadreStep, at: Date = new Date()) {
  const done = await cases.step({ cadreId: who.cadreId, supervisor: who.supervisor }, caseNumber, step, at);
  if (!done.ok) throw new Error(`${step.type} on ${caseNumber} refused (${done.refusal}): ${done.text}`);
  return done.outcome;
}
