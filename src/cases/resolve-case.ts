import { type Actor, type CaseDeps, type CaseOutcome, stepCase } from './case-change';

/** 办结: resolved with its result, told to the resident (the follow-up visit comes later). */
export function resolveCase(deps: CaseDeps, opts: { caseNumber: string; actor: Actor; note: string; at: Date }): Promise<CaseOutcome> {
  return stepCase(deps, { ...opts, action: 'resolve', event: 'RESOLVED', data: () => ({ resolvedAt: opts.at }) });
}
