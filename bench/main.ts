import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from './lib/cli';
import { linkRepoData, REPO_ROOT } from './lib/env';
import { benchIntake, type IntakeResult } from './intake';
import { redisBaseline, type RedisBaseline } from './redis-baseline';
import { printReport } from './report';
import { benchScheduler } from './scheduler';
import { benchDispatcher } from './dispatcher';
import { benchHttp } from './http';
import { benchClassify } from './classify';
import { benchIntakeLongRun, benchIntakeVsPeer } from './intake-vs-peer';
import { benchIntakeProfile } from './intake-profile';
import { benchCadreParse } from './cadre-parse';
import { benchWebChatProcesses } from './web-chat-processes';

export type BenchReport = {
  startedAt: string;
  finishedAt?: string;
  args: Record<string, unknown>;
  machine: { cpuModel: string; cores: number; memoryGb: number; node: string; platform: string; loadAvgAtStart: number[] };
  git: { commit: string | null; dirty: boolean | null };
  redis?: RedisBaseline;
  intake: IntakeResult[];
  goals: { name: string; target: string; measured: string; met: boolean }[];
  [section: string]: unknown;
};

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  linkRepoData();
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    args: { ...args, only: [...args.only] },
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
    git: { commit: git(['rev-parse', 'HEAD']), dirty: (() => { const s = git(['status', '--porcelain', '--', 'src', 'prisma']); return s === null ? null : s.length > 0; })() },
    intake: [],
    goals: [],
  };
  const section = (name: string) => args.only.has(name);
  const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

  if (section('redis')) {
    log('redis-benchmark -t set,get -P 1 -q');
    report.redis = redisBaseline();
  }
  if (section('intake')) {
    for (const inFlight of args.inFlight) {
      log(`intake, in-process channel, ${args.residents} residents, ${inFlight} in flight`);
      report.intake.push(await benchIntake({ channel: 'inproc', residents: args.residents, warmup: args.warmup, inFlight }));
    }
  }
  if (section('wechaty')) {
    for (const inFlight of args.inFlight) {
      log(`intake, Wechaty + mock puppet, ${args.wechatyResidents} residents, ${inFlight} in flight`);
      report.intake.push(await benchIntake({ channel: 'wechaty', residents: args.wechatyResidents, warmup: args.warmup, inFlight }));
    }
  }
  if (section('scheduler')) {
    log(`scheduled jobs at ${args.scales.join(', ')} cases`);
    report.scheduler = await benchScheduler(args.scales, { reseed: args.reseed, log, jobs: args.jobs });
  }
  if (section('dispatcher')) {
    log(`dispatcher, ${args.dispatchMessages} outbox rows`);
    report.dispatcher = await benchDispatcher(args.dispatchMessages, log);
  }
  if (section('http')) {
    const cases = Math.max(...args.scales);
    log(`HTTP at ${cases} cases`);
    report.http = await benchHttp(cases, args.httpRequests, { reseed: args.reseed, log });
  }
  if (section('classify')) {
    log('classify: category + emergency + intent per message over data/corpus/dev.jsonl');
    report.classify = benchClassify();
  }
  const inFlight = args.inFlight[0] ?? 50;
  if (section('intake-vs-peer')) {
    log(`intake vs the botbuilder peer: ${args.residents} residents, ${inFlight} in flight, ${args.rounds} interleaved rounds`);
    report.intakeVsPeer = await benchIntakeVsPeer({ residents: args.residents, warmup: args.warmup, inFlight, rounds: args.rounds, log });
  }
  if (section('intake-long')) {
    log(`intake long run: ${args.turns} turns, ${inFlight} in flight (memory at start and end, after a forced GC)`);
    report.intakeLong = await benchIntakeLongRun({ turns: args.turns, warmup: args.warmup, inFlight });
  }
  if (section('intake-profile')) {
    log(`intake CPU profile and I/O counts: ${args.residents} residents, ${inFlight} in flight`);
    report.intakeProfile = await benchIntakeProfile({ residents: args.residents, warmup: args.warmup, inFlight, withPeer: true, log });
  }
  if (section('web-chat-processes')) {
    log(`web chat over HTTP at HTTP_PROCESSES=${args.processes.join(', ')}: ${args.residents} residents, ${inFlight} in flight`);
    report.webChatProcesses = await benchWebChatProcesses({ residents: args.residents, warmup: args.warmup, inFlight, processes: args.processes, log });
  }
  if (section('cadre-parse')) {
    log('cadre-parse: the cadre command parser on ordinary and on huge, hostile messages');
    report.cadreParse = benchCadreParse();
  }
  report.finishedAt = new Date().toISOString();
  printReport(report);
  if (args.save) {
    const dir = path.join(REPO_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`saved ${path.relative(REPO_ROOT, file)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
