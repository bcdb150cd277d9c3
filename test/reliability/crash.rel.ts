import Redis from 'ioredis';
import { createDb, type Db } from '../../src/db/client';
import { messages } from '../../src/messages/zh-CN';
import { scratchDb } from '../support/scratch-db';
import { eventually } from '../support/eventually';
import { ChildService, WebResident } from './support/child-service';
import { SCRIPT_STEPS, intakeScript } from './support/residents';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

const RESIDENTS = 50;

let scratch: { url: string; drop: () => Promise<void> };
let child: ChildService | null = null;
let redis: Redis;
let db: Db;
const prefix = `${process.env.REDIS_KEY_PREFIX}crash:`;

beforeAll(async () => {
  scratch = await scratchDb('crash', { migrate: true });
  redis = new Redis(process.env.REDIS_URL!, { keyPrefix: prefix });
  db = createDb(scratch.url, { poolSize: 2 });
});
afterAll(async () => {
  await child?.stop();
  await db?.$disconnect();
  await redis?.quit();
  await scratch?.drop();
});

const env = () => ({ DATABASE_URL: scratch.url, REDIS_KEY_PREFIX: prefix });
type Stored = { session: { intake: { step: string } | null }; pending: unknown[] };

test('the process killed (SIGKILL) while 50 residents are mid-intake: after restart every confirmed case exists exactly once and every unfinished conversation resumes', async () => {
  child = await ChildService.start(env());
  const residents = Array.from({ length: RESIDENTS }, (_, i) => new WebResident(() => child!.url, `crash-${i}`));
  const scripts = residents.map((_, i) => intakeScript(i));
  // Each resident is somewhere else in the intake when the process dies; a fifth are confirming.
  const reached = residents.map((_, i) => (i % 5 === 0 ? scripts[i]!.length - 1 : i % (scripts[i]!.length - 1)));
  const acked = residents.map(() => 0);
  const toldNumber = new Map<number, string>();

  await Promise.all(
    residents.map(async (r, i) => {
      for (let t = 0; t < reached[i]!; t++) {
        const { status } = await r.say(scripts[i]![t]!);
        expect(status).toBe(200);
        acked[i] = t + 1;
      }
    }),
  );

  // The next message of every resident in flight, and the process killed as the first answers come back.
  let firstBack!: () => void;
  const oneBack = new Promise<void>((resolve) => (firstBack = resolve));
  const inFlight = residents.map((r, i) =>
    r
      .say(scripts[i]![reached[i]!]!)
      .then(({ status, replies }) => {
        firstBack();
        if (status !== 200) return;
        acked[i] = reached[i]! + 1;
        const number = CASE_NUMBER_IN_TEXT.exec(replies.join('\n'))?.[0];
        if (number) toldNumber.set(i, number);
      })
      .catch(() => undefined), // cut off by the kill: the resident saw no answer
  );
  // Killed as the first answer comes back (or, should none come, once every request has ended).
  await Promise.race([oneBack, Promise.all(inFlight)]);
  await child.kill9();
  before.push(...child.output);
  await Promise.all(inFlight);
  const answeredBeforeKill = acked.filter((a, i) => a > reached[i]!).length;

  child = await ChildService.start(env());

  // Every conversation is where the resident left it, or one step on (the message in flight was
  // handled before the kill); none is lost. Each then carries on to its end.
  const stepsAfter: number[] = [];
  await Promise.all(
    residents.map(async (r, i) => {
      const raw = await redis.get(`session:web:${r.key}`);
      const stored = raw ? (JSON.parse(raw) as Stored) : null;
      const intake = stored?.session.intake ?? null;
      let from: number;
      if (intake) {
        // At "the same case?" the resident has answered the place: they say no, then go on with households.
        if (intake.step === 'sameCase') await r.say('不是');
        from = SCRIPT_STEPS.indexOf(intake.step === 'sameCase' ? 'households' : intake.step);
        expect([acked[i], acked[i]! + 1]).toContain(from);
      } else {
        // No intake: never begun (its first message lost), or confirmed (filed or pending).
        const confirmed = acked[i] === scripts[i]!.length || (reached[i] === scripts[i]!.length - 1 && (stored?.pending.length ?? 0) + (await caseCount(r.key)) > 0);
        if (!confirmed) expect(acked[i]).toBe(0);
        from = confirmed ? scripts[i]!.length : 0;
      }
      stepsAfter[i] = from;
      for (let t = from; t < scripts[i]!.length; t++) {
        const { status, replies } = await r.say(scripts[i]![t]!);
        expect(status).toBe(200);
        expect(replies.join('\n')).not.toContain(messages.sorryTryAgain);
        expect(replies.length).toBeGreaterThan(0);
        if (t === scripts[i]!.length - 1) toldNumber.set(i, CASE_NUMBER_IN_TEXT.exec(replies.join('\n'))?.[0] ?? 'none');
      }
    }),
  );

  // Filings cut short by the kill are finished by the restarted process on its own.
  await eventually(() => redis.smembers('filings:pending'), (pending) => pending.length === 0, 30_000);
  for (const [i, r] of residents.entries()) {
    const cases = await db.case.findMany({ where: { resident: { channel: 'web', channelKey: r.key } }, select: { caseNumber: true } });
    if (cases.length !== 1) console.log(`resident ${i} (${r.key}), reached ${reached[i]}, acked ${acked[i]}, resumed at ${stepsAfter[i]}:\n${r.transcript.join('\n')}\n--- service log:\n${logsAbout(r.key).join('\n')}`);
    expect({ resident: i, cases: cases.length }).toEqual({ resident: i, cases: 1 });
    if (toldNumber.has(i)) expect(toldNumber.get(i)).toBe(cases[0]!.caseNumber);
  }
  expect(await db.case.count()).toBe(RESIDENTS);
  // The kill really came mid-way: some answers were cut off.
  expect(answeredBeforeKill).toBeLessThan(RESIDENTS);
});

const before: string[] = [];
function logsAbout(key: string): string[] {
  return [...before, ...(child?.output ?? [])].filter((l) => key && l.includes(key)).slice(-40);
}

async function caseCount(key: string): Promise<number> {
  return db.case.count({ where: { resident: { channel: 'web', channelKey: key } } });
}
