import fc from 'fast-check';
import { afterEffect, step } from '../../src/dialogue/intake';
import { sessionSchema, type CaseStatus, type EffectResult, type Session, type TurnResult } from '../../src/dialogue/types';
import { CASE_STATUSES } from '../../src/domain/case-status';
import type { InboundContent } from '../../src/domain/inbound-content';
import { parseCadreCommand } from '../../src/cadre/parse-command';
import { compileDistrict } from '../../src/config/compile-district';
import { loadDistrictData } from '../../src/config/district';
import { makeCtx, T0 } from '../unit/dialogue-fixtures';
import { CASE_NUMBER_PATTERN } from '../../src/domain/case-number';

/** Replies must fit one WeChat message (the dialogue splits at 1,400 characters). */
const MAX_REPLY = 1_500;
const SEQUENCES = 10_000;

// The real classifier: it reads every description, including the 100 KB ones.
const district = compileDistrict(loadDistrictData());

const WORDS = [
  '你好', '是', '不是', '确认', '上一步', '返回', '取消', '算了', '帮助', '？', '我的案件', '进度', '查询', '查询 GJ-20260226-0042', 'gj 20260226 42',
  '跳过', '不知道', '急', '重', '缓', '轻', '1', '2', '3', '0', '9', '56', '12户', '五十六户', '团结村', '向阳社区', '3组', '花园路1栋', '13912345678', '1391234',
  '阴沟堵塞，污水外流', '着火了', '邻居吵架', '没有水灌溉', '满意', '不满意', '同意', '不同意', '删除我的信息', '确认删除', '连心卡 K7M2Q9',
  '绑定 ABCD2345', '受理 GJ-20260226-0042', '进展 GJ-20260226-0042 已联系施工队', '办结 GJ-20260226-0042 已疏通', '转办 GJ-20260226-0042 团结村 属地不对', '待办', '案件 GJ-20260226-0042',
];
const HTML = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '</textarea><b>', '&lt;&amp;&#x41;', '"\'`${}', '<!--', ']]>'];
const EMOJI = ['😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '❤️', '\u{1F9D1}\u{1F3FD}\u200D\u{1F33E}'];
const LONG = ['阴'.repeat(100_000), 'a'.repeat(100_000), '😀'.repeat(25_000), '1'.repeat(100_000), '向阳社区'.repeat(25_000), '查询 GJ-'.repeat(15_000), ' \n'.repeat(50_000)];

/** Any UTF-16 unit, lone surrogates included (what a broken client can send). */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const control = fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c)), maxLength: 8 });
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: utf16 },
  { weight: 1, arbitrary: control },
  { weight: 1, arbitrary: fc.constantFrom(...HTML) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
);
const text = fc.oneof(
  // 100 KB texts cost ~20 ms a turn (the classifier reads all of it): rare, or the suite takes minutes.
  { weight: 300, arbitrary: fc.tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.constantFrom('', ' ', '，', '\n')).map(([p, sep]) => p.join(sep)) },
  { weight: 1, arbitrary: fc.constantFrom(...LONG) },
);
const finiteOrNot = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, null));
const content: fc.Arbitrary<InboundContent> = fc.oneof(
  { weight: 20, arbitrary: text.map((t) => ({ kind: 'text' as const, text: t })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('image' as const), ref: fc.string({ maxLength: 20 }), mime: fc.constantFrom('image/png', 'image/jpeg', '') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('location' as const),
      address: fc.oneof(text, fc.constantFrom('四川省自贡市贡井区团结村3组', '向阳社区花园路')),
      latitude: finiteOrNot,
      longitude: finiteOrNot,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsupported' as const), what: fc.constantFrom('voice', 'video', 'file', 'sticker', 'other') as fc.Arbitrary<'voice'> }) },
);

/** Every status, from the Prisma enum (src/domain/case-status.ts). */
const STATUSES: readonly CaseStatus[] = CASE_STATUSES;
const summary = fc.record({
  caseNumber: fc.constantFrom('GJ-20260226-0042', 'GJ-20260301-12345'),
  status: fc.constantFrom(...STATUSES),
  categoryName: fc.oneof(fc.constantFrom('排水', '灌溉'), text),
  createdAt: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constant(Number.NaN)),
  description: text,
});
/** What the router may hand back for an effect, whatever the effect was (even mismatched). */
const effectResult: fc.Arbitrary<EffectResult> = fc.oneof(
  fc.record({ type: fc.constant('caseFiled' as const), caseNumber: fc.constant('GJ-20260226-0042'), priority: fc.constantFrom('URGENT', 'SERIOUS', 'DEFERRABLE', 'MINOR') as fc.Arbitrary<'URGENT'>, emergency: fc.boolean(), areaName: fc.oneof(fc.constant('团结村'), text) }),
  fc.constant({ type: 'fileFailed' as const }),
  fc.constant({ type: 'fileDeferred' as const }),
  fc.record({ type: fc.constant('myCases' as const), cases: fc.array(summary, { maxLength: 15 }) }),
  fc.record({
    type: fc.constant('caseLookup' as const),
    caseNumber: fc.constant('GJ-20260226-0042'),
    found: fc.option(
      fc.record({
        caseNumber: fc.constant('GJ-20260226-0042'), status: fc.constantFrom(...STATUSES), categoryName: text, createdAt: fc.integer({ min: 0, max: 4_102_444_800_000 }), description: text,
        areaName: text, locationText: text,
        events: fc.array(fc.record({ at: fc.integer({ min: 0, max: 4_102_444_800_000 }), type: fc.constantFrom('FILED', 'ACCEPTED', 'PROGRESS', 'WHATEVER'), note: fc.option(text) }), { maxLength: 20 }),
      }),
    ),
  }),
);
/** Minutes between messages: mostly quick, sometimes past the idle expiry (30 min). */
const gap = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 25, max: 3_000 }) });
const turnArb = fc.record({ content, gap, results: fc.array(effectResult, { minLength: 1, maxLength: 2 }) });

function checkReplies(replies: string[]) {
  for (const r of replies) {
    if (typeof r !== 'string' || r.trim().length === 0) throw new Error(`empty reply: ${JSON.stringify(r)}`);
    if (r.length > MAX_REPLY) throw new Error(`reply of ${r.length} characters`);
  }
}

/** As the router stores it: through JSON, read back with the schema. */
function roundTrip(session: Session): Session {
  const parsed = sessionSchema.safeParse(JSON.parse(JSON.stringify(session)));
  if (!parsed.success) throw new Error(`invalid session: ${parsed.error.message}`);
  return parsed.data;
}

describe('fuzzing', () => {
  test(`the dialogue: ${SEQUENCES} random message sequences never throw, keep the session valid, and answer every message with non-empty replies of bounded length`, () => {
    fc.assert(
      fc.property(fc.array(turnArb, { minLength: 1, maxLength: 12 }), (turns) => {
        let session: Session | null = null;
        let now = T0;
        turns.forEach((t, i) => {
          now += t.gap * 60_000;
          const ctx = makeCtx({ now, messageId: `m${i}`, classify: district.classify });
          const turn: TurnResult = step(session, t.content, ctx);
          session = roundTrip(turn.session);
          checkReplies(turn.replies);
          if (turn.replies.length + turn.effects.length === 0) throw new Error('a message got no answer');
          turn.effects.forEach((_effect, j) => {
            const after = afterEffect(session!, t.results[j % t.results.length]!, ctx);
            session = roundTrip(after.session);
            checkReplies(after.replies);
            if (after.replies.length === 0) throw new Error('an effect got no answer');
          });
        });
      }),
      { numRuns: SEQUENCES, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
  });

  test(`the cadre command parser: ${SEQUENCES} random messages never throw and give bounded commands or a reason`, () => {
    for (const long of LONG.flatMap((l) => [l, `办结 GJ-20260226-0042 ${l}`, `转办 GJ-20260226-0042 ${l}`])) {
      // Its speed on these is measured by `npm run bench -- --only cadre-parse`.
      expect(() => parseCadreCommand(long)).not.toThrow();
    }
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (texts) => {
        for (const t of texts) {
          const parsed = parseCadreCommand(t);
          if (parsed.ok) {
            const c = parsed.command;
            for (const value of Object.values(c)) {
              if (typeof value === 'string' && [...value].length > 500) throw new Error(`unbounded field in ${c.type}`);
            }
            if ('caseNumber' in c && !CASE_NUMBER_PATTERN.test(c.caseNumber)) throw new Error(`bad case number ${c.caseNumber}`);
            if ('note' in c && c.note.trim() === '') throw new Error('empty note');
          } else if (!parsed.error.code) {
            throw new Error('an error without a code');
          }
        }
      }),
      { numRuns: SEQUENCES, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
  });
});
