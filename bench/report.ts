import { TURNS_PER_RESIDENT } from './lib/conversation';
import type { BenchReport } from './main';
import type { IntakeResult } from './intake';
import type { SchedulerResult } from './scheduler';
import type { DispatcherResult } from './dispatcher';
import type { HttpResult } from './http';
import type { ClassifyResult } from './classify';
import type { CadreParseResult } from './cadre-parse';
import { round } from './lib/stats';
import type { VsPeerResult } from './intake-vs-peer';
import type { LongRunResult } from './intake-long';
import type { IntakeProfileResult } from './intake-profile';
import type { WebChatProcessesResult } from './web-chat-processes';

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join(' | ')} |`;
  return [`\n${title}`, line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** The turn ceiling Redis alone allows: each turn needs at least one GET and one SET round trip. */
export function redisCeiling(r: BenchReport['redis']): number | null {
  return r && r.available ? round(1 / (1 / r.setPerSecond + 1 / r.getPerSecond), 0) : null;
}

/** Fills report.goals from the measured figures (a goal not measured in this run is left out). */
export function judgeGoals(report: BenchReport): void {
  const goals: BenchReport['goals'] = [];
  const inproc50 = report.intake.find((r) => r.channel === 'inproc' && r.inFlight === 50);
  if (inproc50) {
    goals.push({ name: 'intake turns/s (in-process, 50 in flight)', target: '>= 10000', measured: String(inproc50.turnsPerSecond), met: inproc50.turnsPerSecond >= 10_000 });
    goals.push({ name: 'intake p99 latency (in-process, 50 in flight)', target: '< 12 ms', measured: `${inproc50.latencyMs.p99} ms`, met: inproc50.latencyMs.p99 < 12 });
  }
  for (const r of report.intake) {
    goals.push({ name: `intake correctness (${r.channel}, ${r.inFlight} in flight)`, target: 'every reply, one case each', measured: r.check.ok ? 'ok' : JSON.stringify(r.check), met: r.check.ok });
  }
  const vs = report.intakeVsPeer as VsPeerResult | undefined;
  if (vs) {
    goals.push({ name: 'intake vs peer: turns/s ratio (median of rounds)', target: '>= 2.0', measured: String(vs.ratio.turnsPerSecond), met: vs.goal.ratioAtLeast2 });
    goals.push({ name: 'intake vs peer: p99 (median of rounds)', target: `<= peer's ${vs.peer.median.p99} ms`, measured: `${vs.lianxin.median.p99} ms`, met: vs.goal.p99AtMostPeer });
    goals.push({ name: 'intake vs peer: checks on both sides', target: 'every reply, one case each', measured: `peer ${vs.checks.peer ? 'ok' : 'FAILED'}, lianxin ${vs.checks.lianxin ? 'ok' : 'FAILED'}`, met: vs.checks.peer && vs.checks.lianxin });
  }
  const long = report.intakeLong as LongRunResult | undefined;
  if (long) {
    goals.push({ name: `intake memory over ${long.turns} turns (after GC)`, target: 'no growth', measured: `RSS ${long.growthMb.rss >= 0 ? '+' : ''}${long.growthMb.rss} MB, heap ${long.growthMb.heapUsed >= 0 ? '+' : ''}${long.growthMb.heapUsed} MB`, met: long.check.ok && long.growthMb.heapUsed < 20 });
  }
  const web = report.webChatProcesses as WebChatProcessesResult | undefined;
  if (web) {
    for (const r of web.runs) goals.push({ name: `web chat correctness (${r.processes} HTTP process${r.processes > 1 ? 'es' : ''})`, target: 'every reply, one case each', measured: r.check.ok ? 'ok' : JSON.stringify(r.check), met: r.check.ok });
  }
  const sched = report.scheduler as SchedulerResult | undefined;
  if (sched) {
    for (const j of sched.jobs) {
      const atLargest = j.itemsPerSecond?.[String(sched.scales.at(-1))];
      if (['time-limits', 'resident-updates', 'follow-ups'].includes(j.job) && atLargest !== undefined) {
        goals.push({ name: `scheduler ${j.job}: due items/s at ${sched.scales.at(-1)} cases`, target: '>= 1000', measured: String(atLargest), met: atLargest >= 1000 });
      }
      if (j.ratio !== null) goals.push({ name: `scheduler ${j.job}: time at ${sched.scales.at(-1)} / at ${sched.scales[0]} cases`, target: '< 2', measured: String(j.ratio), met: j.ratio < 2 });
    }
  }
  const disp = report.dispatcher as DispatcherResult | undefined;
  if (disp) {
    for (const d of disp.settings) goals.push({ name: `dispatcher, ${d.dispatchers} dispatcher(s)`, target: '>= 2000 msg/s', measured: String(d.perSecond), met: d.perSecond >= 2000 });
  }
  const http = report.http as HttpResult | undefined;
  if (http) {
    for (const e of http.endpoints) goals.push({ name: `HTTP ${e.name} p99 at ${http.cases} cases${http.database?.fresh ? ', fresh seed' : ''}`, target: `< ${e.goalMs} ms`, measured: `${e.latencyMs.p99} ms`, met: e.latencyMs.p99 < e.goalMs });
  }
  const cls = report.classify as ClassifyResult | undefined;
  if (cls) goals.push({ name: 'reading one message (category + emergency + intent)', target: '< 200 µs', measured: `${cls.microsPerMessage.all} µs`, met: cls.microsPerMessage.all < 200 });
  // The limits test/unit/cadre-parse.test.ts and test/reliability/fuzz.rel.ts used to assert with a clock.
  const cp = report.cadreParse as CadreParseResult | undefined;
  if (cp) {
    goals.push({ name: 'cadre command parse, ordinary messages', target: '< 50 µs', measured: `${cp.microsPerMessage} µs`, met: cp.microsPerMessage < 50 });
    goals.push({ name: 'cadre command parse, 100 000-character hostile messages', target: '< 200 ms', measured: `${cp.worstHostileMs} ms`, met: cp.worstHostileMs < 200 });
  }
  report.goals = goals;
}

export function printReport(report: BenchReport): void {
  judgeGoals(report);
  const out: string[] = [];
  const m = report.machine;
  out.push(`Lianxin bench — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, commit ${report.git.commit?.slice(0, 10) ?? '?'}${report.git.dirty ? ' (src/prisma modified)' : ''}`);
  const ceiling = redisCeiling(report.redis);
  if (report.redis) {
    out.push(report.redis.available
      ? `redis-benchmark: SET ${report.redis.setPerSecond}/s, GET ${report.redis.getPerSecond}/s → at most ${ceiling} GET+SET turns/s`
      : `redis-benchmark: not run (${report.redis.reason})`);
  }
  if (report.intake.length) {
    out.push(table(`Intake (${TURNS_PER_RESIDENT} turns per resident)`, ['channel', 'in flight', 'residents', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'cases/s', 'peak RSS MB', 'vs redis', 'checks'],
      report.intake.map((r: IntakeResult) => [r.channel, r.inFlight, r.residents, r.turnsPerSecond, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max, r.casesFiledPerSecond, r.peakRssMb,
        ceiling ? `${round((r.turnsPerSecond / ceiling) * 100, 1)} %` : '-', r.check.ok ? 'ok' : 'FAILED'])));
  }
  printIntakeExtras(report, out);
  const web = report.webChatProcesses as WebChatProcessesResult | undefined;
  if (web) {
    out.push(table(`Web chat over HTTP (POST /chat/messages, keep-alive, ${web.residents} residents, ${web.inFlight} in flight; ${web.cores} cores, load average ${web.loadAvgAtStart.join('/')} at start)`, ['HTTP_PROCESSES', 'turns', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'checks'],
      web.runs.map((r) => [r.processes, r.turns, r.turnsPerSecond, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max, r.check.ok ? 'ok' : 'FAILED'])));
    if (web.ratio !== null) out.push(`ratio turns/s at ${Math.max(...web.runs.map((r) => r.processes))} processes / at 1: ${web.ratio}`);
  }
  const sched = report.scheduler as SchedulerResult | undefined;
  if (sched) {
    out.push(table(`Scheduled jobs, one run each (ms; ${sched.dueNote})`, ['job', ...sched.scales.map((s) => `${s} cases`), 'items', ...sched.scales.map((s) => `items/s at ${s}`), 'ratio'],
      sched.jobs.map((j) => [j.job, ...sched.scales.map((s) => j.ms[String(s)] ?? '-'), j.items, ...sched.scales.map((s) => j.itemsPerSecond?.[String(s)] ?? '-'), j.ratio ?? '-'])));
  }
  const disp = report.dispatcher as DispatcherResult | undefined;
  if (disp) {
    out.push(table('Dispatcher (no-op channel)', ['dispatchers', 'messages', 'seconds', 'messages/s'], disp.settings.map((d) => [d.dispatchers, d.messages, d.seconds, d.perSecond])));
  }
  const http = report.http as HttpResult | undefined;
  if (http) {
    out.push(table(`HTTP at ${http.cases} cases (${http.database?.fresh ? 'freshly seeded' : 'reused'} database; ${http.transport})`, ['endpoint', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'goal'],
      http.endpoints.map((e) => [e.name, e.latencyMs.n, e.latencyMs.p50, e.latencyMs.p95, e.latencyMs.p99, e.latencyMs.max, `< ${e.goalMs} ms`])));
  }
  const cls = report.classify as ClassifyResult | undefined;
  if (cls) {
    const u = cls.microsPerMessage;
    out.push(table(`Reading a message (${cls.messages} dev messages × ${cls.rounds}; model loaded in ${cls.loadMs} ms)`, ['work', 'µs/message'],
      [['category + emergency + intent', u.all], ['classify (category, priority, emergency)', u.classify], ['detectEmergency', u.detectEmergency], ['recogniseIntent', u.recogniseIntent]]));
  }
  if (report.goals.length) {
    out.push(table('Goals', ['goal', 'target', 'measured', 'met'], report.goals.map((g) => [g.name, g.target, g.measured.slice(0, 60), g.met ? 'yes' : 'NO'])));
  }
  out.push('\nJSON summary:');
  out.push(JSON.stringify(report));
  console.log(out.join('\n'));
}

function printIntakeExtras(report: BenchReport, out: string[]): void {
  const vs = report.intakeVsPeer as VsPeerResult | undefined;
  if (vs) {
    const m = vs.machine;
    out.push(`\nIntake vs the peer — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres} (fsync ${m.postgresSettings.fsync}, synchronous_commit ${m.postgresSettings.synchronous_commit}), Redis ${m.redis}; load average ${m.loadAvgAtStart.join('/')} at start, ${m.loadAvgAtEnd?.join('/') ?? '?'} at end`);
    out.push(`${vs.residents} residents, ${vs.inFlight} in flight, ${vs.warmup} warm-up, same turn-major order; ${vs.rounds} rounds interleaved (${vs.order}); medians of the rounds; peak RSS = the process's maxRSS`);
    const row = (name: string, s: VsPeerResult['peer']['median'], each: string) => [name, s.turnsPerResident, s.turnsPerSecond, s.residentsPerSecond, s.p50, s.p95, s.p99, s.peakRssMb, s.nodeCpuPct, each];
    out.push(table('Intake vs peer (medians)', ['side', 'turns/resident', 'turns/s', 'residents/s', 'p50 ms', 'p95 ms', 'p99 ms', 'peak RSS MB', 'CPU %', 'rounds turns/s (p99 ms)'], [
      row('botbuilder 4.23.3, Redis + DB', vs.peer.median, vs.peer.rounds.map((r) => `${r.turnsPerSecond} (${r.latencyMs.p99})`).join(' / ')),
      row('Lianxin intake, in-process', vs.lianxin.median, vs.lianxin.rounds.map((r) => `${r.turnsPerSecond} (${r.latencyMs.p99})`).join(' / ')),
    ]));
    out.push(`ratio Lianxin/peer: turns/s ${vs.ratio.turnsPerSecond} (goal >= 2.0), residents/s ${vs.ratio.residentsPerSecond}, p99 ${vs.ratio.p99} (goal <= 1.0); checks: peer ${vs.checks.peer ? 'ok' : 'FAILED'}, Lianxin ${vs.checks.lianxin ? 'ok' : 'FAILED'}`);
  }
  const long = report.intakeLong as LongRunResult | undefined;
  if (long) {
    out.push(table(`Intake long run: ${long.turns} turns, ${long.inFlight} in flight, memory ${long.gcForced ? 'after a forced GC' : '(no --expose-gc: without GC)'}`, ['turns', 'RSS MB', 'heap used MB', 'external MB', 'turns/s (segment)'],
      long.points.map((p) => [p.turns, p.rssMb, p.heapUsedMb, p.externalMb, p.turnsPerSecond ?? '-'])));
    out.push(`start → end: RSS ${long.points[0]!.rssMb} → ${long.points.at(-1)!.rssMb} MB, heap ${long.points[0]!.heapUsedMb} → ${long.points.at(-1)!.heapUsedMb} MB; peak RSS ${long.processMaxRssMb} MB; ${long.turnsPerSecond} turns/s overall; checks ${long.check.ok ? 'ok' : 'FAILED ' + JSON.stringify(long.check)}`);
  }
  const prof = report.intakeProfile as IntakeProfileResult | undefined;
  if (prof) {
    const shares = (p: IntakeProfileResult['lianxin']['profile'], n: number) => p.byPackage.slice(0, n).map((x) => `${x.name} ${x.pct}%`).join(', ');
    out.push(`\nCPU profile of Lianxin's measured phase (${prof.lianxin.run.turnsPerSecond} turns/s while profiled, ${prof.lianxin.profile.totalMs} ms sampled): ${shares(prof.lianxin.profile, 18)}`);
    out.push(`  top functions: ${prof.lianxin.profile.topFunctions.slice(0, 12).map((x) => `${x.name} ${x.pct}%`).join('; ')}`);
    if (prof.peer) out.push(`CPU profile of the peer (${prof.peer.run.turnsPerSecond} turns/s while profiled): ${shares(prof.peer.profile, 14)}`);
    if (prof.io) {
      out.push(`I/O per resident: ${prof.io.perResident.pgStatements} PostgreSQL statements, ${prof.io.perResident.redisRoundTrips} Redis round trips (${prof.io.perResident.redisCommands} commands)`);
      out.push(table('I/O per resident, turn by turn', ['turn', 'pg statements', 'redis round trips', 'redis commands', 'pg statements by kind (mean ms from send to result)'],
        prof.io.perResidentByTurn.map((c, t) => [t, c.pgStatements, c.redisRoundTrips, c.redisCommands, Object.entries(c.pgByKind).map(([k, v]) => `${k} ${v}${c.pgMsByKind?.[k] ? ` (${round(c.pgMsByKind[k]! / v, 1)} ms)` : ''}`).join(', ')])));
    }
  }
}
