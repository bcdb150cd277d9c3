import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { preparePeer, runPeer, type PeerRound } from './lib/peer';
import { summariseProfile, type ProfileSummary } from './lib/profile-summary';
import { ensurePeerDatabase, peerEnv, runChild } from './intake-vs-peer';
import type { ChildIntakeResult } from './intake-child';

export type IntakeProfileResult = {
  residents: number;
  inFlight: number;
  lianxin: { run: Omit<ChildIntakeResult, 'io'>; profile: ProfileSummary };
  /** A separate, untimed run with pg and ioredis counted (prototype patches). */
  io: ChildIntakeResult['io'];
  ioRun: { turnsPerSecond: number; checksOk: boolean };
  peer: { run: PeerRound; profile: ProfileSummary } | null;
};

/**
 * Where the time of a turn goes: a V8 CPU profile of the measured phase of Lianxin's intake and
 * of the peer's (same N, in flight and order), summarised by owner of the code, and a counting
 * run giving the PostgreSQL statements and Redis round trips per resident, turn by turn.
 * Profiles are written to bench/dist/profiles/ (open them in Chrome DevTools or speedscope).
 */
export async function benchIntakeProfile(opts: { residents: number; warmup: number; inFlight: number; withPeer: boolean; log: (s: string) => void }): Promise<IntakeProfileResult> {
  const dir = path.resolve(__dirname, '../profiles');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const ourFile = path.join(dir, `${stamp}-lianxin.cpuprofile`);
  opts.log(`profiling Lianxin's intake → ${ourFile}`);
  const profiled = (await runChild({ mode: 'intake', residents: opts.residents, warmup: opts.warmup, inFlight: opts.inFlight, schedule: 'turn', profile: ourFile })) as ChildIntakeResult;
  opts.log('counting PostgreSQL statements and Redis round trips');
  const counted = (await runChild({ mode: 'intake', residents: opts.residents, warmup: opts.warmup, inFlight: opts.inFlight, schedule: 'turn', countIo: true })) as ChildIntakeResult;
  let peer: IntakeProfileResult['peer'] = null;
  if (opts.withPeer) {
    const peerDir = preparePeer(opts.log);
    await ensurePeerDatabase();
    const peerFile = path.join(dir, `${stamp}-peer.cpuprofile`);
    opts.log(`profiling the peer → ${peerFile}`);
    const run = await runPeer(peerDir, { ...peerEnv(opts.residents, opts.warmup, opts.inFlight), PROFILE: peerFile });
    peer = { run, profile: summariseProfile(peerFile) };
  }
  const { io: _unused, ...run } = profiled;
  return {
    residents: opts.residents,
    inFlight: opts.inFlight,
    lianxin: { run, profile: summariseProfile(ourFile) },
    io: counted.io,
    ioRun: { turnsPerSecond: counted.turnsPerSecond, checksOk: counted.check.ok },
    peer,
  };
}
