import { performance } from 'node:perf_hooks';
import { parseCadreCommand } from '../src/cadre/parse-command';

export type CadreParseResult = {
  /** Ordinary commands (受理, 进展, 转办, 待办, chatter), after a warm-up. */
  microsPerMessage: number;
  /** The slowest of the huge and hostile messages (100 000 characters), in ms. */
  worstHostileMs: number;
};

const N = 'GJ-20260226-0042';

/** Was a wall-clock assertion in test/unit/cadre-parse.test.ts and test/reliability/fuzz.rel.ts: speed lives here. */
export function benchCadreParse(rounds = 20_000): CadreParseResult {
  const texts = [`受理 ${N}`, `进展 ${N} 已联系施工队，明天上午到`, `转办 ${N} 团结村 属地不对`, '待办', '今天天气不错'];
  for (const t of texts) parseCadreCommand(t);
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) parseCadreCommand(texts[i % texts.length]!);
  const microsPerMessage = Math.round(((performance.now() - t0) * 1000 / rounds) * 10) / 10;
  const hostile = [
    'x'.repeat(100_000), '受理'.repeat(50_000), ' '.repeat(100_000), `受理${' '.repeat(100_000)}x`, `转办 ${N} ${'。'.repeat(100_000)}x 原因`,
    `进展 ${'GJ 20260226 '.repeat(10_000)}`, `办结 ${'#'.repeat(50_000)} ${N}`, '\ud800'.repeat(100_000),
    `办结 ${N} ${'啊'.repeat(100_000)}`, `转办 ${N} ${'x '.repeat(50_000)}`,
  ];
  let worstHostileMs = 0;
  for (const text of hostile) {
    const started = performance.now();
    parseCadreCommand(text);
    worstHostileMs = Math.max(worstHostileMs, performance.now() - started);
  }
  return { microsPerMessage, worstHostileMs: Math.round(worstHostileMs * 10) / 10 };
}
