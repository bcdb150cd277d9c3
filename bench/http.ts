import type { LatencySummary } from './lib/stats';
export type HttpResult = { cases: number; transport: string; endpoints: { name: string; goalMs: number; latencyMs: LatencySummary }[] };
