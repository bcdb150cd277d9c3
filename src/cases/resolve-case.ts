import { type Actor, type CaseDeps, type CaseOutcome, DEFAULT_TIMING, stepCase } from './case-change';

/** 办结: resolved with its result, told to the resident (the follow-up visit comes later). */
export function resolveCase(deps: CaseDeps, opts: { caseNumber: string; actor: Actor; note: string; at: Date }): Promise<CaseOutcome> {
  return stepCase(deps, { ...opts, action: 'resolve', event: 'RESOLVED', data: () => ({
    resolvedAt: opts.at,
    // 回访: the resident is asked whether they are satisfied after a short delay.
    followUpDueAt: new Date(opts.at.getTime() + (deps.timing ?? DEFAULT_TIMING).followUpDelayMs),
  }) });
}
