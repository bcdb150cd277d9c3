import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { linkRepoData } from './lib/env';
import { benchIntake, type IntakeResult } from './intake';
import { benchIntakeLong, type LongRunResult } from './intake-long';
import { installIoCounter, perResident, type IoCounts } from './lib/io-counter';
import { round } from './lib/stats';

/**
 * One intake run in a process of its own (as the peer's harness runs each configuration), so
 * rounds do not share a heap, a JIT state or a peak RSS. Started by intake-vs-peer.ts with the
 * options as JSON in argv[2]; prints one `RESULT_JSON {…}` line.
 */
export type ChildOptions =
  | { mode: 'intake'; residents: number; warmup: number; inFlight: number; schedule: 'batch' | 'turn'; profile?: string; countIo?: boolean }
  | { mode: 'long'; turns: number; warmup: number; inFlight: number };

export type ChildIntakeResult = IntakeResult & { nodeCpuPct: number; io?: { perResident: IoCounts; perResidentByTurn: IoCounts[] } };
export type ChildResult = ChildIntakeResult | LongRunResult;

/** The V8 sampling profiler over the measured phase only (200 µs, as the peer's PROFILE=). */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (m: string, p: object = {}) => new Promise<unknown>((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function runIntake(o: Extract<ChildOptions, { mode: 'intake' }>): Promise<ChildIntakeResult> {
  const counter = o.countIo ? installIoCounter() : null;
  let profile: Awaited<ReturnType<typeof startProfile>> | null = null;
  let cpu0 = process.cpuUsage();
  let wall0 = 0;
  let cpuPct = 0;
  const byTurn: IoCounts[] = [];
  let start: IoCounts | null = null;
  const result = await benchIntake({
    channel: 'inproc',
    residents: o.residents,
    warmup: o.warmup,
    inFlight: o.inFlight,
    schedule: o.schedule,
    measured: {
      begin: async () => {
        if (global.gc) global.gc();
        if (o.profile) profile = await startProfile();
        start = counter?.snapshot() ?? null;
        cpu0 = process.cpuUsage();
        wall0 = performance.now();
      },
      end: async () => {
        const cpu = process.cpuUsage(cpu0);
        cpuPct = round(((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)) * 100, 1);
        if (profile && o.profile) await profile.stop(o.profile);
      },
      afterTurn: counter ? () => byTurn.push(counter.snapshot()) : undefined,
    },
  });
  const io = counter && start
    ? { perResident: perResident(start, byTurn.at(-1) ?? start, o.residents), perResidentByTurn: byTurn.map((b, t) => perResident(t === 0 ? start! : byTurn[t - 1]!, b, o.residents)) }
    : undefined;
  return { ...result, nodeCpuPct: cpuPct, io };
}

async function main() {
  const o = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
  linkRepoData();
  const result: ChildResult = o.mode === 'long' ? await benchIntakeLong(o) : await runIntake(o);
  process.stdout.write(`RESULT_JSON ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
