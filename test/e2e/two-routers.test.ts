import type { InboundMessage } from '../../src/domain/inbound-content';
import { metrics } from '../../src/observability/metrics';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';
import { startTestService, type TestService, uniqueKey } from '../support/test-service';

/**
 * Each router keeps what it last saved for a sender and works the next step out from it while the
 * admission is on its way (src/inbound/saved-sessions.ts, step-ahead.ts). With several processes
 * (ROLES=http behind one port) a resident's turns land on different routers, so a router's copy
 * is often stale: the conversation must come out exactly as it does on one router.
 */
let a: TestService;
let b: TestService;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestService(), startTestService()]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const LINES = [
  '你好',
  '同意',
  '我们小区没有化粪池，阴沟堵塞，污水外流，臭得很',
  '是',
  '向阳社区花园路1栋',
  '56户',
  '是',
  '138123',
  '13812345678',
  '确认',
  '我的事情办得怎么样了',
];

let seq = 0;
function message(senderKey: string, text: string): InboundMessage {
  return { id: uniqueKey(`m${++seq}`), channel: 'inproc', senderKey, senderName: '居民', content: { kind: 'text', text }, receivedAt: new Date() };
}

/** The resident's turns, each handled by the router `pick` chooses; case numbers made comparable. */
async function talk(pick: (turn: number) => TestService): Promise<{ senderKey: string; replies: string[][] }> {
  const senderKey = uniqueKey('two-routers');
  const replies: string[][] = [];
  for (const [t, line] of LINES.entries()) {
    const r = (await pick(t).inbound.handle(message(senderKey, line))) ?? [];
    replies.push(r.map((s) => s.replace(new RegExp(CASE_NUMBER_IN_TEXT.source, 'g'), '<number>')));
  }
  return { senderKey, replies };
}

async function stepsAhead(): Promise<{ used: number; dropped: number; savedWithAdmission: number }> {
  const { values } = await metrics.stepsAhead.get();
  const of = (used: string) => values.find((v) => v.labels.used === used)?.value ?? 0;
  const saved = (await metrics.turnsSavedWithAdmission.get()).values[0]?.value ?? 0;
  return { used: of('true'), dropped: of('false'), savedWithAdmission: saved };
}

describe('a resident whose messages land on two routers', () => {
  it('hears exactly what a resident on one router hears, and files one case', async () => {
    const before = await stepsAhead();
    const { senderKey: one, replies: onOne } = await talk(() => a);
    const afterOne = await stepsAhead();
    const { senderKey: two, replies: alternating } = await talk((t) => (t % 2 === 0 ? a : b));
    const afterBoth = await stepsAhead();

    expect(onOne.every((r) => r.length > 0)).toBe(true);
    expect(onOne[9]!.join('')).toContain('<number>');
    expect(alternating).toEqual(onOne);
    // On one router the steps after consent were worked out ahead and used; on two, a router's
    // copy was a turn old each time it came back to it, and its step was dropped.
    expect(afterOne.used - before.used).toBeGreaterThanOrEqual(LINES.length - 3);
    expect(afterOne.dropped - before.dropped).toBe(0);
    expect(afterBoth.dropped - afterOne.dropped).toBeGreaterThan(0);
    // On one router the admission saved what each turn saved next: the seven plain turns from the
    // description to the phone number whole, and the confirmation's filing, kept as pending before
    // it was written.
    expect(afterOne.savedWithAdmission - before.savedWithAdmission).toBe(8);
    // On two, each router's copy was stale, so Redis refused each swap and the turn saved as before.
    expect(afterBoth.savedWithAdmission - afterOne.savedWithAdmission).toBe(0);

    for (const senderKey of [one, two]) {
      const cases = await a.db.case.findMany({ where: { resident: { channel: 'inproc', channelKey: senderKey } } });
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ category: 'DRAINAGE', households: 56, contactPhone: '13812345678' });
    }
  });
});
