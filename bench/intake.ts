import { randomBytes } from 'node:crypto';
import type { InboundMessage } from '../src/inbound/inbound-message';
import { startService, type Service } from '../src/service';
import { benchConfig, benchLogger, recreateDatabase } from './lib/env';
import { conversationFor, CASE_NUMBER, TURNS_PER_RESIDENT } from './lib/conversation';
import { deleteRedisPrefix } from './lib/redis-keys';
import { RssSampler, round, summarise, type LatencySummary } from './lib/stats';
import { startMockWeChat, type MockWorld } from './lib/mock-wechat';

export type IntakeOptions = { residents: number; warmup: number; inFlight: number; channel: 'inproc' | 'wechaty' };

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
  peakRssMb: number;
  check: { ok: boolean; missingReplies: number; wrongReplies: number; residentsWithoutExactlyOneCase: number; caseNumbersSeen: number; eventsPerCase: number; outboxRowsPerCase: number; firstProblems: string[] };
};

/** Says one line for a resident and resolves with the bot's replies to it. */
type Speaker = (resident: number, turn: number, text: string) => Promise<string[]>;

const DB = 'lianxin_bench_intake';

/**
 * Residents advance turn by turn in batches of `inFlight`: every resident of a batch finishes a
 * turn (Promise.all) before any starts the next. Latency is per turn, from handing the message in
 * to the replies coming back out.
 */
async function drive(speak: Speaker, from: number, count: number, inFlight: number, latencies: number[] | null, problems: Problems, bySteps?: number[][]) {
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
          latencies?.push(ms);
          bySteps?.[t]!.push(ms);
          if (replies.length === 0) problems.note('missing', `resident ${i} turn ${t} (${turn.what}): no reply`);
          else if (!turn.expect(replies)) problems.note('wrong', `resident ${i} turn ${t} (${turn.what}): unexpected ${JSON.stringify(replies).slice(0, 200)}`);
          const m = t === TURNS_PER_RESIDENT - 1 ? replies.map((r) => CASE_NUMBER.exec(r)?.[1]).find(Boolean) : undefined;
          if (m) problems.caseNumbers.add(m);
        }),
      );
    }
  }
}

class Problems {
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
    const warm = new Problems();
    await drive(speak, 0, opts.warmup, opts.inFlight, null, warm);

    const problems = new Problems();
    const latencies: number[] = [];
    const bySteps: number[][] = Array.from({ length: TURNS_PER_RESIDENT }, () => []);
    const rss = new RssSampler();
    const began = performance.now();
    await drive(speak, opts.warmup, opts.residents, opts.inFlight, latencies, problems, bySteps);
    const seconds = (performance.now() - began) / 1000;
    const peakRssMb = rss.stop();

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
      peakRssMb,
      check,
    };
  } finally {
    await world?.stop();
    await service.close();
    await deleteRedisPrefix(prefix);
  }
}

function inprocMessage(tag: string, resident: number, turn: number, text: string): InboundMessage {
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
async function checkCases(service: Service, opts: IntakeOptions, problems: Problems, channel: string, warm: Problems): Promise<IntakeResult['check']> {
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
