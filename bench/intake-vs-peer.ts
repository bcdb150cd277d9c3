import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { admin, PG_SERVER, REDIS_URL } from './lib/env';
import { preparePeer, runPeer, type PeerRound } from './lib/peer';
import { round } from './lib/stats';
import type { ChildIntakeResult, ChildOptions, ChildResult } from './intake-child';
import type { LongRunResult } from './intake-long';

export type Machine = { cpuModel: string; cores: number; memoryGb: number; node: string; postgres: string; postgresSettings: Record<string, string>; redis: string; loadAvgAtStart: number[]; loadAvgAtEnd?: number[] };

export type SideSummary = { turnsPerSecond: number; residentsPerSecond: number; p50: number; p95: number; p99: number; peakRssMb: number; nodeCpuPct: number; turnsPerResident: number };

export type VsPeerResult = {
  machine: Machine;
  residents: number;
  warmup: number;
  inFlight: number;
  rounds: number;
  order: string;
  peer: { harness: string; config: string; rounds: PeerRound[]; median: SideSummary };
  lianxin: { schedule: 'turn'; rounds: ChildIntakeResult[]; median: SideSummary };
  /** Lianxin over peer, medians of the rounds. */
  ratio: { turnsPerSecond: number; residentsPerSecond: number; p99: number };
  checks: { peer: boolean; lianxin: boolean };
  goal: { ratioAtLeast2: boolean; p99AtMostPeer: boolean };
};

const PEER_DB = 'lianxin_bench_peer';
const PEER_TURNS = 8;

export async function describeMachine(): Promise<Machine> {
  const { version, settings } = await admin(async (c) => {
    const v = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const s = await c.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync','synchronous_commit','shared_buffers','max_connections','wal_level')`,
    );
    return { version: v, settings: Object.fromEntries(s.rows.map((r) => [r.name, r.setting])) };
  });
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server');
  await redis.quit();
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres: version,
    postgresSettings: settings,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAvgAtStart: os.loadavg().map((x) => round(x)),
  };
}

/** Runs bench/intake-child.js in a process of its own and returns what it printed. */
export function runChild(o: ChildOptions, nodeFlags: string[] = []): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const script = path.join(__dirname, 'intake-child.js');
    const child = spawn(process.execPath, [...nodeFlags, script, JSON.stringify(o)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT_JSON '));
      if (code !== 0 || !line) return reject(new Error(`intake child exited ${code}\n${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice('RESULT_JSON '.length)) as ChildResult);
    });
  });
}

/** The peer's environment: Redis storage, DB on, its own database on the same server. */
export function peerEnv(residents: number, warmup: number, inFlight: number): Record<string, string> {
  const u = new URL(`${PG_SERVER}/${PEER_DB}`);
  return {
    STORAGE: 'redis',
    DB: 'on',
    N: String(residents),
    C: String(inFlight),
    WARMUP: String(warmup),
    REDIS_URL,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || 'postgres',
    PGPASSWORD: decodeURIComponent(u.password) || 'postgres',
    PGDATABASE: PEER_DB,
  };
}

export async function ensurePeerDatabase(): Promise<void> {
  await admin(async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [PEER_DB])).rowCount;
    if (!exists) await c.query(`CREATE DATABASE "${PEER_DB}"`);
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function summariseSide(rows: { tps: number; rps: number; p50: number; p95: number; p99: number; rss: number; cpu: number }[], turnsPerResident: number): SideSummary {
  const med = (f: (r: (typeof rows)[number]) => number, d = 2) => round(median(rows.map(f)), d);
  return { turnsPerSecond: med((r) => r.tps, 0), residentsPerSecond: med((r) => r.rps, 1), p50: med((r) => r.p50), p95: med((r) => r.p95), p99: med((r) => r.p99), peakRssMb: med((r) => r.rss, 1), nodeCpuPct: med((r) => r.cpu, 1), turnsPerResident };
}

/**
 * Issue 15, item 1: the peer's harness (Redis storage, DB on) and Lianxin's in-process intake,
 * same residents, in flight and warm-up, each in a fresh process, interleaved round by round.
 * The order alternates (peer first in odd rounds, Lianxin first in even ones) so a drift in the
 * machine's load over the run falls on both sides alike.
 */
export async function benchIntakeVsPeer(opts: { residents: number; warmup: number; inFlight: number; rounds: number; log: (s: string) => void }): Promise<VsPeerResult> {
  const machine = await describeMachine();
  const dir = preparePeer(opts.log);
  await ensurePeerDatabase();
  const env = peerEnv(opts.residents, opts.warmup, opts.inFlight);
  const peerRounds: PeerRound[] = [];
  const ours: ChildIntakeResult[] = [];
  const order: string[] = [];
  for (let r = 1; r <= opts.rounds; r++) {
    const sides = r % 2 === 1 ? (['peer', 'lianxin'] as const) : (['lianxin', 'peer'] as const);
    for (const side of sides) {
      order.push(`${r}:${side}`);
      if (side === 'peer') {
        const p = await runPeer(dir, env);
        peerRounds.push(p);
        opts.log(`round ${r}/${opts.rounds} peer:    ${p.turnsPerSecond} turns/s, p99 ${p.latencyMs.p99} ms, peak RSS ${p.peakRssMb} MB, verify ${p.verify}`);
      } else {
        const o = (await runChild({ mode: 'intake', residents: opts.residents, warmup: opts.warmup, inFlight: opts.inFlight, schedule: 'turn' })) as ChildIntakeResult;
        ours.push(o);
        opts.log(`round ${r}/${opts.rounds} lianxin: ${o.turnsPerSecond} turns/s, p99 ${o.latencyMs.p99} ms, peak RSS ${o.processMaxRssMb} MB, checks ${o.check.ok ? 'ok' : 'FAILED'}`);
      }
    }
  }
  const peer = summariseSide(peerRounds.map((p) => ({ tps: p.turnsPerSecond, rps: p.residentsPerSecond, p50: p.latencyMs.p50, p95: p.latencyMs.p95, p99: p.latencyMs.p99, rss: p.peakRssMb, cpu: p.nodeCpuPct })), PEER_TURNS);
  const lianxin = summariseSide(ours.map((o) => ({ tps: o.turnsPerSecond, rps: o.residents / o.seconds, p50: o.latencyMs.p50, p95: o.latencyMs.p95, p99: o.latencyMs.p99, rss: o.processMaxRssMb, cpu: o.nodeCpuPct })), ours[0]?.turns ? ours[0].turns / ours[0].residents : 0);
  machine.loadAvgAtEnd = os.loadavg().map((x) => round(x));
  const ratio = { turnsPerSecond: round(lianxin.turnsPerSecond / peer.turnsPerSecond), residentsPerSecond: round(lianxin.residentsPerSecond / peer.residentsPerSecond), p99: round(lianxin.p99 / peer.p99) };
  return {
    machine,
    residents: opts.residents,
    warmup: opts.warmup,
    inFlight: opts.inFlight,
    rounds: opts.rounds,
    order: order.join(' '),
    peer: { harness: 'botbuilder 4.23.3 (../shared/peers/botbuilder/bench.js), STORAGE=redis DB=on', config: peerRounds[0]?.config ?? '', rounds: peerRounds, median: peer },
    lianxin: { schedule: 'turn', rounds: ours, median: lianxin },
    ratio,
    checks: { peer: peerRounds.every((p) => p.verify === 'ok'), lianxin: ours.every((o) => o.check.ok) },
    goal: { ratioAtLeast2: ratio.turnsPerSecond >= 2, p99AtMostPeer: lianxin.p99 <= peer.p99 },
  };
}

/** Item 5: the long run, in a process of its own with --expose-gc so memory is read after a full GC. */
export async function benchIntakeLongRun(opts: { turns: number; warmup: number; inFlight: number }): Promise<LongRunResult> {
  return (await runChild({ mode: 'long', turns: opts.turns, warmup: opts.warmup, inFlight: opts.inFlight }, ['--expose-gc'])) as LongRunResult;
}
