import { type Actor, type CaseDeps, type CaseOutcome, stepCase } from './case-change';

/** 受理: the assignee takes the case on; the response time is measured to here. */
export function acceptCase(deps: CaseDeps, opts: { caseNumber: string; actor: Actor; at: Date }): Promise<CaseOutcome> {
  return stepCase(deps, { ...opts, action: 'accept', event: 'ACCEPTED', data: () => ({ acceptedAt: opts.at }) });
}
