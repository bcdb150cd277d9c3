import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics for operators. One registry per process (module-level on purpose: counters
 * are bumped from the router, the dispatcher and the jobs without threading them through).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'lianxin_' });

export const metrics = {
  messagesIn: new Counter({ name: 'lianxin_messages_in_total', help: 'Messages received from people', labelNames: ['channel'], registers: [registry] }),
  messagesOut: new Counter({ name: 'lianxin_messages_out_total', help: 'Outbox messages sent', registers: [registry] }),
  casesFiled: new Counter({ name: 'lianxin_cases_filed_total', help: 'Cases filed', labelNames: ['channel'], registers: [registry] }),
  filingsDeferred: new Counter({ name: 'lianxin_filings_deferred_total', help: 'Confirmed reports kept pending because filing failed', labelNames: ['cause'], registers: [registry] }),
  stepsAhead: new Counter({
    name: 'lianxin_steps_ahead_total',
    help: 'Dialogue steps worked out before the admission: used, or dropped (the session had changed)',
    labelNames: ['used'],
    registers: [registry],
  }),
  turnsSavedWithAdmission: new Counter({
    name: 'lianxin_turns_saved_with_admission_total',
    help: 'Plain turns whose new session the admission saved (one round trip to the store, not two)',
    registers: [registry],
  }),
  dispatchFailures: new Counter({ name: 'lianxin_dispatch_failures_total', help: 'Outbox sends that failed', labelNames: ['final'], registers: [registry] }),
  jobDuration: new Histogram({
    name: 'lianxin_job_duration_seconds',
    help: 'Duration of scheduled job runs',
    labelNames: ['job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [registry],
  }),
};
