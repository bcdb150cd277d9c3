import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/http/app';
import { issueApiToken } from '../src/access/api-tokens';
import { startService } from '../src/service';
import { benchConfig, benchLogger } from './lib/env';
import { deleteRedisPrefix } from './lib/redis-keys';
import { ensureSeeded } from './lib/seed';
import { summarise, type LatencySummary } from './lib/stats';

export type HttpResult = {
  cases: number;
  /** Seeded by this run (a fresh seed), or a kept database reused. */
  database: { name: string; fresh: boolean };
  transport: string;
  endpoints: { name: string; example: string; goalMs: number; status: Record<string, number>; latencyMs: LatencySummary }[];
};

const CATEGORIES = ['DRAINAGE', 'ROADS', 'IRRIGATION', 'SANITATION', 'DISPUTE', 'HARDSHIP'];

/** The quarter before the seed's "now", in the district's time (+08:00). */
function lastQuarter(t0: Date): { from: string; to: string } {
  const local = new Date(t0.getTime() + 8 * 3_600_000);
  const q = Math.floor(local.getUTCMonth() / 3);
  const start = new Date(Date.UTC(local.getUTCFullYear(), (q - 1) * 3, 1));
  const end = new Date(Date.UTC(local.getUTCFullYear(), q * 3, 1));
  const iso = (d: Date) => `${d.toISOString().slice(0, 10)}T00:00:00+08:00`;
  return { from: iso(start), to: iso(end) };
}

/**
 * Through Fastify's inject (the whole app: helmet, rate limit in Redis, auth, zod, serialisation;
 * no socket), one request at a time, after 10 unmeasured ones per endpoint.
 */
export async function benchHttp(cases: number, requests: number, opts: { reseed: boolean; log: (s: string) => void }): Promise<HttpResult> {
  const seeded = await ensureSeeded(cases, opts);
  const prefix = `lxbench:${Date.now().toString(36)}${randomBytes(2).toString('hex')}:`;
  const service = await startService(benchConfig(seeded.name, prefix), benchLogger());
  const t0 = new Date(seeded.meta.t0);
  const app = await buildApp({ service, logger: benchLogger(), rateLimitPerMinute: 100_000, clock: () => t0, chatSecret: 'bench-cookie-secret-0123456789abcdef0123' });
  try {
    const supervisor = await service.db.cadre.findFirstOrThrow({ where: { role: 'SUPERVISOR' }, select: { id: true } });
    const token = await issueApiToken(service.db, { kind: 'CADRE', cadreId: supervisor.id, label: 'bench' });
    // Open311 reads need a client key (OPEN311_PUBLIC_READS is off by default).
    const apiKey = await issueApiToken(service.db, { kind: 'OPEN311', label: 'bench' });
    const quarter = lastQuarter(t0);
    const windowEnd = t0.toISOString();
    const windowStart = new Date(t0.getTime() - 90 * 86_400_000).toISOString();
    const endpoints = [
      {
        name: 'Open311 GET requests.json (filtered page)',
        goalMs: 50,
        url: (i: number) =>
          `/open311/v2/requests.json?service_code=${CATEGORIES[i % CATEGORIES.length]}&status=${i % 2 ? 'open' : 'closed'}` +
          `&start_date=${encodeURIComponent(windowStart)}&end_date=${encodeURIComponent(windowEnd)}&page=${1 + (i % 3)}&page_size=100` +
          `&api_key=${encodeURIComponent(apiKey)}`,
        headers: {},
        count: requests,
      },
      {
        name: 'admin GET assessment (a quarter)',
        goalMs: 500,
        url: () => `/admin/assessment?from=${encodeURIComponent(quarter.from)}&to=${encodeURIComponent(quarter.to)}`,
        headers: { authorization: `Bearer ${token}` },
        count: Math.max(20, Math.floor(requests / 4)),
      },
    ];
    const result: HttpResult = { cases, database: { name: seeded.name, fresh: !seeded.reused }, transport: 'fastify inject, sequential', endpoints: [] };
    for (const e of endpoints) {
      const status: Record<string, number> = {};
      const samples: number[] = [];
      for (let i = -10; i < e.count; i++) {
        const began = performance.now();
        const res = await app.inject({ method: 'GET', url: e.url(Math.abs(i)), headers: e.headers });
        const ms = performance.now() - began;
        if (i < 0) continue;
        samples.push(ms);
        status[res.statusCode] = (status[res.statusCode] ?? 0) + 1;
        if (res.statusCode !== 200 && status[res.statusCode] === 1) opts.log(`  ${e.name}: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      const latencyMs = summarise(samples);
      opts.log(`  ${e.name}: p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms`);
      result.endpoints.push({ name: e.name, example: e.url(1).replace(/&api_key=[^&]*/, '&api_key=…'), goalMs: e.goalMs, status, latencyMs });
    }
    return result;
  } finally {
    await app.close();
    await service.db.apiToken.deleteMany({ where: { label: 'bench' } }).catch(() => undefined);
    await service.close();
    await deleteRedisPrefix(prefix);
  }
}
