import { messages } from '../../src/messages/zh-CN';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { InprocResident, intakeScript } from './support/residents';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

const FLOOD = 1_000;
const OTHERS = 20;
const LIMIT = 20; // RATE_LIMIT_MESSAGES' default, per RATE_LIMIT_WINDOW_SECONDS (60)

let service: TestService;
// The rate limit counts in fixed minutes: the test starts just after one begins, so the flood falls in one.
const minuteStart = Math.ceil(Date.now() / 60_000) * 60_000 + 1_000;
const offset = minuteStart - Date.now();
const clock = () => new Date(Date.now() + offset);

beforeAll(async () => {
  service = await startTestService({ RATE_LIMIT_MESSAGES: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60' }, { clock });
});
afterAll(async () => {
  await service?.close();
});

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

async function intakes(tag: string): Promise<{ latencies: number[]; replies: (string[] | null)[][] }> {
  const residents = Array.from({ length: OTHERS }, () => new InprocResident(service.inbound, uniqueKey(tag)));
  const latencies: number[] = [];
  const replies = await Promise.all(
    residents.map(async (r, i) => {
      const got: (string[] | null)[] = [];
      for (const text of intakeScript(i)) {
        const started = performance.now();
        got.push(await r.say(text));
        latencies.push(performance.now() - started);
      }
      return got;
    }),
  );
  return { latencies, replies };
}

test('one resident sending 1,000 messages in a minute is slowed (told once, then ignored) while the others are all answered', async () => {
  const baseline = await intakes('calm');

  const flooder = new InprocResident(service.inbound, uniqueKey('flood'));
  const flood = Promise.all(Array.from({ length: FLOOD }, (_, i) => service.inbound.handle(flooder.message(`阴沟堵了${i}`))));
  const during = await intakes('busy');
  const floodReplies = await flood;

  // The flooder: the first LIMIT messages answered, one "slow down", the rest dropped silently.
  const answered = floodReplies.filter((r) => r !== null && !r.includes(messages.slowDown));
  expect(answered).toHaveLength(LIMIT);
  expect(floodReplies.filter((r) => r?.includes(messages.slowDown))).toHaveLength(1);
  expect(floodReplies.filter((r) => r === null)).toHaveLength(FLOOD - LIMIT - 1);

  // The others: every message answered, none slowed down, each intake filed once.
  for (const run of [baseline, during]) {
    for (const got of run.replies) {
      expect(got.every((r) => r !== null && r.length > 0 && !r.includes(messages.slowDown))).toBe(true);
      expect(got.at(-1)!.join('\n')).toMatch(CASE_NUMBER_IN_TEXT);
    }
  }
  // The dropped messages did no work: no case, no second resident row for the flooder.
  const flooderRows = await service.db.resident.findMany({ where: { channelKey: flooder.key }, select: { id: true } });
  expect(flooderRows.length).toBeLessThanOrEqual(1);
  expect(await service.db.case.count({ where: { residentId: { in: flooderRows.map((r) => r.id) } } })).toBe(0);
  // How fast the others were answered is printed, not asserted: timing belongs to `npm run bench`.
  process.stdout.write(`flood: others' p95 ${p95(baseline.latencies).toFixed(1)} ms calm, ${p95(during.latencies).toFixed(1)} ms during the flood\n`);
});
