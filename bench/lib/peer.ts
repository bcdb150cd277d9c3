import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './env';

/**
 * The reference peer: Microsoft Bot Framework SDK 4.23 running the same intake, kept read-only in
 * ../shared/peers/botbuilder (its README specifies the workload). Its harness is run as it is;
 * only its dependencies are installed, with `npm ci` from its own lockfile, into a gitignored
 * cache (bench/.peer/<lockfile hash>/), because the shared folder is read-only in CI.
 */
export function peerDir(): string {
  if (process.env.BENCH_PEER_DIR) return path.resolve(process.env.BENCH_PEER_DIR);
  // Beside the repository (../shared, as in the issue), or beside a worktree's parent folder.
  const candidates = ['../shared/peers/botbuilder', '../../shared/peers/botbuilder'].map((p) => path.resolve(REPO_ROOT, p));
  return candidates.find((c) => existsSync(path.join(c, 'bench.js'))) ?? candidates[0]!;
}

export type PeerRound = {
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  residentsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  byTurnP50P99Ms: Record<string, [number, number]>;
  nodeCpuPct: number;
  peakRssMb: number;
  verify: 'ok' | 'FAIL';
  verifyLine: string;
  config: string;
};

/** Installs the peer's dependencies once per lockfile; returns the folder the harness runs from. */
export function preparePeer(log: (s: string) => void): string {
  const PEER_DIR = peerDir();
  if (!existsSync(path.join(PEER_DIR, 'bench.js'))) throw new Error(`peer harness not found in ${PEER_DIR} (set BENCH_PEER_DIR)`);
  const lock = readFileSync(path.join(PEER_DIR, 'package-lock.json'));
  const dir = path.join(REPO_ROOT, 'bench/.peer', createHash('sha256').update(lock).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  // The harness's own files, copied beside the cache's node_modules so require() finds them
  // there (and nothing of an unrelated node_modules higher up). Copied every run: always current.
  for (const f of readdirSync(PEER_DIR)) if (f.endsWith('.js') || f.endsWith('.json')) copyFileSync(path.join(PEER_DIR, f), path.join(dir, f));
  const stamp = path.join(dir, '.installed');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lock.toString('base64').slice(0, 64)) {
    log(`installing the peer's dependencies (npm ci --prefix ${path.relative(REPO_ROOT, dir)})`);
    execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(stamp, lock.toString('base64').slice(0, 64));
  }
  return dir;
}

/** One run of the peer's bench.js (one process, one configuration), parsed from its output. */
export function runPeer(dir: string, env: Record<string, string>): Promise<PeerRound> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench.js'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(parsePeerOutput(out));
      } catch (e) {
        reject(new Error(`peer bench exited ${code}: ${(e as Error).message}\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}

export function parsePeerOutput(out: string): PeerRound {
  const lines = out.split('\n');
  const kv = (prefix: string) => {
    const line = lines.find((l) => l.startsWith(prefix));
    if (!line) throw new Error(`no "${prefix}" line`);
    return Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
  };
  const result = kv('RESULT ');
  const lat = kv('latency_ms ');
  const cpu = kv('node_cpu_pct=');
  const byTurnLine = lines.find((l) => l.startsWith('latency_by_turn_ms ')) ?? '';
  const byTurn = Object.fromEntries([...byTurnLine.matchAll(/(t\d+):p50=([\d.]+)\/p99=([\d.]+)/g)].map((m) => [m[1]!, [Number(m[2]), Number(m[3])] as [number, number]]));
  const turns = Number(result.turns);
  const seconds = Number(result.wall_s);
  return {
    turns,
    seconds,
    turnsPerSecond: Number(result.turns_per_s),
    residentsPerSecond: Math.round((Number(result.n) / seconds) * 10) / 10,
    latencyMs: { p50: Number(result.p50_ms), p95: Number(result.p95_ms), p99: Number(result.p99_ms), max: Number(lat.max), mean: Number(lat.mean) },
    byTurnP50P99Ms: byTurn,
    nodeCpuPct: Number(cpu.node_cpu_pct),
    peakRssMb: Number(result.peak_rss_mb),
    verify: result.verify === 'ok' ? 'ok' : 'FAIL',
    verifyLine: lines.find((l) => l.startsWith('VERIFY ')) ?? '',
    config: lines.find((l) => l.startsWith('CONFIG ')) ?? '',
  };
}
