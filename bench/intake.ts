import { randomBytes } from 'node:crypto';
import type { InboundMessage } from '../src/domain/inbound-content';
import { startService, type Service } from '../src/service';
import { benchConfig, benchLogger, recreateDatabase } from './lib/env';
import { conversationFor, CASE_NUMBER, TURNS_PER_RESIDENT, type Turn } from './lib/conversation';
import { deleteRedisPrefix } from './lib/redis-keys';
import { RssSampler, round, summarise, type LatencySummary } from './lib/stats';
import { startMockWeChat, type MockWorld } from './lib/mock-wechat';

export type IntakeOptions = {
  residents: number;
  warmup: number;
  inFlight: number;
  channel: 'inproc' | 'wechaty';
  /**
   * 'batch' (default): a batch of residents does its whole intake before the next batch starts.
   * 'turn': the peer harness's order — every resident takes turn t (in batches) before anyone
   * takes turn t+1, so all sessions are live in Redis between turns.
   */
  schedule?: 'batch' | 'turn';
  /** Called just before and just after the measured phase (CPU profile, I/O counters). */
  measured?: { begin?: () => Promise<void> | void; end?: () => Promise<void> | void; afterTurn?: (t: number) => void };
};

export type IntakeResult = {
  channel: 'inproc' | 'wechaty';
  inFlight: number;
  residents: number;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  casesFiledPerSecond: number;
  latencyMs: LatencySummary;
  /** Per step of the conversation: where the time goes. */
  byStepP50P99Ms: Record<string, [number, number]>;
  /** Turn order only: wall seconds of each step, all residents (the barrier makes these add up to the run). */
  secondsByStep?: Record<string, number>;
  peakRssMb: number;
  /** process.resourceUsage().maxRSS: the whole process so far, warm-up and start-up included (as the peer reports it). */
  processMaxRssMb: number;
  schedule: 'batch' | 'turn';
  check: { ok: boolean; missingReplies: number; wrongReplies: number; residentsWithoutExactlyOneCase: number; caseNumbersSeen: number; eventsPerCase: number; outboxRowsPerCase: number; firstProblems: string[] };
};

/** Says one line for a resident and resolves with the bot's replies to it. */
export type Speaker = (resident: number, turn: number, text: string) => Promise<string[]>;

const DB = 'lianxin_bench_intake';

export type Drive = {
  speak: Speaker;
  from: number;
  count: number;
  inFlight: number;
  problems: Problems;
  latencies?: number[];
  bySteps?: number[][];
  schedule?: 'batch' | 'turn';
  /** Turn order only: called when every resident has taken turn t. */
  afterTurn?: (t: number) => void;
  /** Turn order only: filled with the wall seconds each step took for all residents. */
  secondsByTurn?: number[];
};

/**
 * 'batch': residents advance turn by turn in batches of `inFlight`; every resident of a batch
 * finishes a turn (Promise.all) before any starts the next. Latency is per turn, from handing the
 * message in to the replies coming back out.
 */
export async function drive(d: Drive): Promise<void> {
  if (d.schedule === 'turn') return driveTurnMajor(d);
  const { speak, from, count, inFlight } = d;
  for (let start = from; start < from + count; start += inFlight) {
    const batch: number[] = [];
    for (let i = start; i < Math.min(from + count, start + inFlight); i++) batch.push(i);
    const scripts = batch.map((i) => conversationFor(i));
    for (let t = 0; t < TURNS_PER_RESIDENT; t++) {
      await Promise.all(
        batch.map(async (i, k) => {
          const turn = scripts[k]![t]!;
          const began = performance.now();
          const replies = await speak(i, t, turn.text);
          const ms = performance.now() - began;
          d.latencies?.push(ms);
          d.bySteps?.[t]!.push(ms);
          checkReply(d.problems, i, t, turn, replies);
        }),
      );
    }
  }
}

/** The peer's order: for each turn t, residents in batches of `inFlight`, each batch awaited. */
async function driveTurnMajor(d: Drive) {
  const { speak, from, count, inFlight } = d;
  const scripts = Array.from({ length: count }, (_, k) => conversationFor(from + k));
  for (let t = 0; t < TURNS_PER_RESIDENT; t++) {
    const stepBegan = performance.now();
    for (let start = 0; start < count; start += inFlight) {
      const batch: Promise<void>[] = [];
      for (let k = start; k < Math.min(count, start + inFlight); k++) {
        const i = from + k;
        const turn = scripts[k]![t]!;
        const began = performance.now();
        batch.push(speak(i, t, turn.text).then((replies) => {
          const ms = performance.now() - began;
          d.latencies?.push(ms);
          d.bySteps?.[t]!.push(ms);
          checkReply(d.problems, i, t, turn, replies);
        }));
      }
      await Promise.all(batch);
    }
    d.secondsByTurn?.push(round((performance.now() - stepBegan) / 1000, 3));
    d.afterTurn?.(t);
  }
}

function checkReply(problems: Problems, i: number, t: number, turn: Turn, replies: string[]) {
  if (replies.length === 0) problems.note('missing', `resident ${i} turn ${t} (${turn.what}): no reply`);
  else if (!turn.expect(replies)) problems.note('wrong', `resident ${i} turn ${t} (${turn.what}): unexpected ${JSON.stringify(replies).slice(0, 200)}`);
  const m = t === TURNS_PER_RESIDENT - 1 ? replies.map((r) => CASE_NUMBER.exec(r)?.[1]).find(Boolean) : undefined;
  // A copy, not the match: a regex match is a slice that keeps the whole reply alive, which the
  // long run showed as heap growth of one reply per resident (the harness's, not the service's).
  if (m) problems.caseNumbers.add(m.replace(/-/g, ''));
}

export class Problems {
  missing = 0;
  wrong = 0;
  first: string[] = [];
  caseNumbers = new Set<string>();
  note(kind: 'missing' | 'wrong', text: string) {
    this[kind]++;
    if (this.first.length < 5) this.first.push(text);
  }
}

export async function benchIntake(opts: IntakeOptions): Promise<IntakeResult> {
  const tag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const prefix = `lxbench:${tag}:`;
  await recreateDatabase(DB);
  const service = await startService(benchConfig(DB, prefix, { RATE_LIMIT_MESSAGES: '20' }), benchLogger());
  let world: MockWorld | null = null;
  try {
    let speak: Speaker;
    if (opts.channel === 'inproc') {
      speak = (resident, turn, text) => service.inbound.handle(inprocMessage(tag, resident, turn, text)).then((r) => r ?? []);
    } else {
      world = await startMockWeChat(service.inbound.handle, benchLogger('warn'));
      const w = world;
      speak = (resident, _turn, text) => w.say(resident, text);
    }
    const schedule = opts.schedule ?? 'batch';
    const warm = new Problems();
    await drive({ speak, from: 0, count: opts.warmup, inFlight: opts.inFlight, problems: warm, schedule });

    const problems = new Problems();
    const latencies: number[] = [];
    const bySteps: number[][] = Array.from({ length: TURNS_PER_RESIDENT }, () => []);
    const secondsByTurn: number[] = [];
    const rss = new RssSampler();
    await opts.measured?.begin?.();
    const began = performance.now();
    await drive({ speak, from: opts.warmup, count: opts.residents, inFlight: opts.inFlight, problems, latencies, bySteps, schedule, afterTurn: opts.measured?.afterTurn, secondsByTurn });
    const seconds = (performance.now() - began) / 1000;
    await opts.measured?.end?.();
    const peakRssMb = rss.stop();
    const processMaxRssMb = round(process.resourceUsage().maxRSS / 1024, 1);

    const check = await checkCases(service, opts, problems, world ? 'wechat' : 'inproc', warm);
    return {
      channel: opts.channel,
      inFlight: opts.inFlight,
      residents: opts.residents,
      turns: latencies.length,
      seconds: round(seconds, 3),
      turnsPerSecond: round(latencies.length / seconds, 0),
      casesFiledPerSecond: round(problems.caseNumbers.size / seconds, 0),
      latencyMs: summarise(latencies),
      byStepP50P99Ms: Object.fromEntries(conversationFor(0).map((turn, t) => {
        const s = summarise(bySteps[t]!);
        return [turn.what, [s.p50, s.p99]];
      })),
      secondsByStep: secondsByTurn.length ? Object.fromEntries(conversationFor(0).map((turn, t) => [turn.what, secondsByTurn[t]!])) : undefined,
      peakRssMb,
      processMaxRssMb,
      schedule,
      check,
    };
  } finally {
    await world?.stop();
    await service.close();
    await deleteRedisPrefix(prefix);
  }
}

export function inprocMessage(tag: string, resident: number, turn: number, text: string): InboundMessage {
  return {
    id: `${tag}-${resident}-${turn}`,
    channel: 'inproc',
    senderKey: `bench-${tag}-${resident}`,
    senderName: `居民${resident}`,
    content: { kind: 'text', text },
    receivedAt: new Date(),
  };
}

/** Every measured resident has exactly one case, with its FILED event and its notices in the outbox. */
export async function checkCases(service: Service, opts: IntakeOptions, problems: Problems, channel: string, warm: Problems): Promise<IntakeResult['check']> {
  const db = service.db;
  const perResident = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(c.id) AS n FROM "Resident" r LEFT JOIN "Case" c ON c."residentId" = r.id WHERE r.channel = $1 GROUP BY r.id`,
    channel,
  );
  const expectedResidents = opts.warmup + opts.residents;
  const withOne = perResident.filter((r) => Number(r.n) === 1).length;
  const [totals] = await db.$queryRawUnsafe<{ cases: bigint; events: bigint; outbox: bigint }[]>(
    `SELECT (SELECT count(*) FROM "Case") AS cases, (SELECT count(*) FROM "CaseEvent") AS events, (SELECT count(*) FROM "OutboxMessage") AS outbox`,
  );
  const cases = Number(totals!.cases);
  const withoutOne = expectedResidents - withOne;
  const missing = problems.missing;
  const wrong = problems.wrong + warm.missing + warm.wrong;
  return {
    ok: missing === 0 && wrong === 0 && withoutOne === 0 && cases === expectedResidents && problems.caseNumbers.size === opts.residents,
    missingReplies: missing,
    wrongReplies: wrong,
    residentsWithoutExactlyOneCase: withoutOne,
    caseNumbersSeen: problems.caseNumbers.size,
    eventsPerCase: round(Number(totals!.events) / Math.max(cases, 1)),
    outboxRowsPerCase: round(Number(totals!.outbox) / Math.max(cases, 1)),
    firstProblems: [...warm.first, ...problems.first].slice(0, 5),
  };
}
