import { afterEffect, newSession, step } from '../../src/dialogue/intake';
import { sessionSchema, type Session, type TurnResult } from '../../src/dialogue/types';
import type { InboundContent } from '../../src/domain/inbound-content';
import { makeCtx, Resident, SEWER, T0 } from './dialogue-fixtures';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Sessions at every step of the sewer report, with a profile, to throw inputs at. */
function sessionsAtEveryStep(): Session[] {
  const r = new Resident({ ...newSession(T0), profile: { lastPhone: '13812345678', areaCode: 'GJ-QT-TJ' } });
  const out: (Session | null)[] = [null, r.session];
  for (const answer of ['你好', SEWER, '是', { kind: 'location', address: '长征路', latitude: 1, longitude: 2 } as const, '团结村', '56', '急', '是', '确认']) {
    r.send(answer);
    out.push(r.session);
  }
  return out.filter((s): s is Session => s !== null);
}

const NASTY: InboundContent[] = [
  { kind: 'text', text: '' },
  { kind: 'text', text: '   ' },
  { kind: 'text', text: '😀😀😀' },
  { kind: 'text', text: '\u0000\u0007\u001b[31m' },
  { kind: 'text', text: '<script>alert(1)</script>' },
  { kind: 'text', text: '阴'.repeat(100_000) },
  { kind: 'text', text: 'a'.repeat(100_000) },
  { kind: 'text', text: '1'.repeat(5000) },
  { kind: 'text', text: '\ud800' },
  { kind: 'text', text: '查询' + 'G'.repeat(30) },
  { kind: 'text', text: '向阳社区'.repeat(1000) },
  { kind: 'text', text: '五十六万万万户' },
  { kind: 'location', address: '', latitude: null, longitude: null },
  { kind: 'location', address: 'x'.repeat(10_000), latitude: Number.NaN, longitude: Infinity },
  { kind: 'image', ref: '', mime: '' },
  { kind: 'unsupported', what: 'other' },
];

function checkTurn(turn: TurnResult) {
  expect(sessionSchema.safeParse(turn.session).success).toBe(true);
  expect(turn.replies.length + turn.effects.length).toBeGreaterThan(0);
  for (const reply of turn.replies) {
    expect(typeof reply).toBe('string');
    expect(reply.trim().length).toBeGreaterThan(0);
    expect(reply.length).toBeLessThan(1500);
  }
}

describe('purity', () => {
  test('the same session and message give the same turn, and the input session is not mutated', () => {
    for (const session of sessionsAtEveryStep()) {
      const frozen = deepFreeze(structuredClone(session));
      const snapshot = structuredClone(frozen);
      for (const input of [{ kind: 'text', text: '是' }, { kind: 'image', ref: 'a.jpg', mime: 'image/jpeg' }, { kind: 'text', text: '上一步' }] as const) {
        const ctx = makeCtx({ now: T0 + 5 * 60_000, messageId: 'x1' });
        const a = step(frozen, input, ctx);
        const b = step(frozen, input, ctx);
        expect(a).toEqual(b);
        expect(frozen).toEqual(snapshot);
      }
    }
  });

  test('afterEffect does not mutate its session either', () => {
    const r = new Resident();
    r.send(SEWER, '是', '向阳社区', '跳过', '是', '13812345678');
    const confirmed = deepFreeze(r.send('确认').session);
    const snapshot = structuredClone(confirmed);
    afterEffect(confirmed, { type: 'caseFiled', caseNumber: 'GJ-20260226-0001', priority: 'SERIOUS', emergency: false, areaName: '向阳社区' }, makeCtx());
    afterEffect(confirmed, { type: 'fileFailed' }, makeCtx());
    expect(confirmed).toEqual(snapshot);
  });
});

describe('never throws', () => {
  test('nasty input at every step gets a valid session and short, non-empty replies', () => {
    for (const session of sessionsAtEveryStep()) {
      for (const input of NASTY) {
        checkTurn(step(session, input, makeCtx({ now: T0 + 5 * 60_000 })));
      }
    }
  });

  test('a thousand random messages from a seeded generator', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ['是', '1', '3', '0', '急', '取消', '上一步', '帮助', '团结村', '3组', '56户', '13812345678', '确认', '你好', '阴沟', '污水', '？', '查询 GJ-20260226-1', '😀', ' ', '着火', '跳过', '。', 'a'];
    const r = new Resident();
    for (let i = 0; i < 1000; i++) {
      const roll = random();
      const input: InboundContent =
        roll < 0.05
          ? { kind: 'image', ref: `r${i}`, mime: 'image/png' }
          : roll < 0.08
            ? { kind: 'location', address: random() < 0.5 ? '向阳社区' : '无名路', latitude: 1, longitude: 2 }
            : { kind: 'text', text: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pieces[Math.floor(random() * pieces.length)]).join('') };
      checkTurn(r.send(input));
    }
  });
});

describe('sessionSchema', () => {
  test('accepts what the dialogue stores, after a JSON round trip', () => {
    for (const session of sessionsAtEveryStep()) {
      expect(sessionSchema.safeParse(JSON.parse(JSON.stringify(session))).success).toBe(true);
    }
  });

  test('rejects what is not a session', () => {
    for (const bad of [null, {}, { v: 2, profile: {}, intake: null, lastActiveAt: 0 }, { v: 1, profile: {}, intake: { step: 'nowhere' }, lastActiveAt: 0 }]) {
      expect(sessionSchema.safeParse(bad).success).toBe(false);
    }
  });
});
