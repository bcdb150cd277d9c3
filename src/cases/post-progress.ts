import { type Actor, type CaseDeps, type CaseOutcome, stepCase } from './case-change';

/** 进展: a progress note, passed on to the resident. */
export function postProgress(deps: CaseDeps, opts: { caseNumber: string; actor: Actor; note: string; at: Date }): Promise<CaseOutcome> {
  return stepCase(deps, { ...opts, action: 'progress', event: 'PROGRESS' });
}
