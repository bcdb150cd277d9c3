import { randomBytes } from 'node:crypto';
import { startService } from '../src/service';
import { benchConfig, benchLogger, recreateDatabase } from './lib/env';
import { TURNS_PER_RESIDENT } from './lib/conversation';
import { deleteRedisPrefix } from './lib/redis-keys';
import { round } from './lib/stats';
import { checkCases, drive, inprocMessage, Problems, type IntakeResult, type Speaker } from './intake';

/** Memory after a forced GC (when node runs with --expose-gc), at one point of the long run. */
export type MemoryPoint = { turns: number; rssMb: number; heapUsedMb: number; externalMb: number; turnsPerSecond: number | null };

export type LongRunResult = {
  mode: 'long';
  turns: number;
  residents: number;
  inFlight: number;
  gcForced: boolean;
  seconds: number;
  turnsPerSecond: number;
  points: MemoryPoint[];
  /** End minus start, after GC: what the run kept. */
  growthMb: { rss: number; heapUsed: number };
  processMaxRssMb: number;
  check: IntakeResult['check'];
};

const DB = 'lianxin_bench_intake_long';
const POINTS = 10;

function memoryAt(turns: number, turnsPerSecond: number | null): MemoryPoint {
  if (global.gc) {
    // Twice: the first pass may only promote what the second frees.
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  const mb = (x: number) => round(x / 1024 / 1024, 1);
  return { turns, rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), turnsPerSecond };
}

/**
 * Item 5 of issue 15: the in-process intake for `turns` turns (each resident's whole intake,
 * batches of `inFlight`), with memory read after warm-up and at every tenth of the run. Growth
 * that a forced GC does not take back, from start to end, is what would leak.
 */
export async function benchIntakeLong(opts: { turns: number; warmup: number; inFlight: number }): Promise<LongRunResult> {
  const residents = Math.ceil(opts.turns / TURNS_PER_RESIDENT);
  const tag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const prefix = `lxbench:${tag}:`;
  await recreateDatabase(DB);
  const service = await startService(benchConfig(DB, prefix, { RATE_LIMIT_MESSAGES: '20' }), benchLogger());
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  try {
    const speak: Speaker = (resident, turn, text) => service.inbound.handle(inprocMessage(tag, resident, turn, text)).then((r) => r ?? []);
    const warm = new Problems();
    await drive({ speak, from: 0, count: opts.warmup, inFlight: opts.inFlight, problems: warm });
    const points = [memoryAt(0, null)];
    log(`long run: ${residents} residents (${residents * TURNS_PER_RESIDENT} turns); start RSS ${points[0]!.rssMb} MB, heap ${points[0]!.heapUsedMb} MB${global.gc ? ' (after GC)' : ''}`);
    const problems = new Problems();
    const step = Math.ceil(residents / POINTS);
    const began = performance.now();
    for (let from = 0; from < residents; from += step) {
      const count = Math.min(step, residents - from);
      const t0 = performance.now();
      await drive({ speak, from: opts.warmup + from, count, inFlight: opts.inFlight, problems });
      const tps = round((count * TURNS_PER_RESIDENT) / ((performance.now() - t0) / 1000), 0);
      const p = memoryAt((from + count) * TURNS_PER_RESIDENT, tps);
      points.push(p);
      log(`  ${p.turns} turns: RSS ${p.rssMb} MB, heap ${p.heapUsedMb} MB, ${tps} turns/s`);
    }
    const seconds = (performance.now() - began) / 1000;
    const check = await checkCases(service, { channel: 'inproc', residents, warmup: opts.warmup, inFlight: opts.inFlight }, problems, 'inproc', warm);
    const first = points[0]!;
    const last = points.at(-1)!;
    return {
      mode: 'long',
      turns: residents * TURNS_PER_RESIDENT,
      residents,
      inFlight: opts.inFlight,
      gcForced: Boolean(global.gc),
      seconds: round(seconds, 1),
      turnsPerSecond: round((residents * TURNS_PER_RESIDENT) / seconds, 0),
      points,
      growthMb: { rss: round(last.rssMb - first.rssMb, 1), heapUsed: round(last.heapUsedMb - first.heapUsedMb, 1) },
      processMaxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      check,
    };
  } finally {
    await service.close();
    await deleteRedisPrefix(prefix);
  }
}
