import { type CadreCommand, type ParseError, parseCadreCommand } from '../../src/cadre/parse-command';
import { CASE_NUMBER_PATTERN } from '../../src/domain/case-number';

const N = 'GJ-20260226-0042';

const command = (text: string, expected: CadreCommand) => expect(parseCadreCommand(text)).toEqual({ ok: true, command: expected });
const error = (text: string, expected: ParseError) => expect(parseCadreCommand(text)).toEqual({ ok: false, error: expected });

describe('parsing what a cadre types', () => {
  describe('受理 (accept)', () => {
    it.each([
      `受理 ${N}`,
      `受理${N}`,
      `接单 ${N}`,
      `受理：${N}`,
      `受理:${N}`,
      `受理，${N}`,
      `受理, ${N}`,
      `受理　${N}`, // full-width space
      `  受理    ${N}  `,
      `受理\n${N}`,
      `受理 ${N}。`,
      `受理 ${N}！`,
      `受理 ${N}!`,
      '受理 gj-20260226-0042',
      '接单：gj-20260226-42',
      '受理　ＧＪ－２０２６０２２６－００４２',
      '受理ＧＪ２０２６０２２６００４２',
      '受理 GJ 20260226 0042',
      '受理 GJ 20260226 42',
      '受理 gj—20260226—42',
      '受理 GJ–20260226–0042',
      '受理 GJ_20260226_0042',
      '受理 GJ.20260226.0042',
      '受理 GJ一20260226一0042',
      '受理 GJ--20260226--0042',
      '受理 GJ202602260042',
      '受理 GJ2026022642',
      '受理 GJ20260226-42',
      '受理 GJ-20260226 042',
      `受理 案件 ${N}`,
      `受理案件${N}`,
      `受理 编号：${N}`,
      `受理 案件编号:${N}`,
      `受理 #${N}`,
      `受理【${N}】`,
      `受理（${N}）`,
      `受理 “${N}”`,
      `受理 ${N} 马上去现场`,
      `受理了 ${N}`,
      `@连心桥\u2005受理 ${N}`,
      `\u200b受理 ${N}\ufeff`,
    ])('%s', (text) => command(text, { type: 'accept', caseNumber: N }));

    it('keeps longer sequences and other prefixes', () => {
      command('受理 GJ-20260226-12345', { type: 'accept', caseNumber: 'GJ-20260226-12345' });
      command('受理 rb-20260301-7', { type: 'accept', caseNumber: 'RB-20260301-0007' });
    });
  });

  describe('进展 (progress)', () => {
    it.each([
      [`进展 ${N} 已联系施工队`, '已联系施工队'],
      [`进度 ${N} 已联系施工队`, '已联系施工队'],
      [`反馈 ${N} 已联系施工队`, '已联系施工队'],
      [`进展：${N}：已联系施工队`, '已联系施工队'],
      [`进展 ${N}，已联系施工队`, '已联系施工队'],
      [`进展 ${N} - 已联系施工队`, '已联系施工队'],
      [`进展${N}已派人疏通`, '已派人疏通'],
      ['进展GJ-20260226-0042已派人疏通', '已派人疏通'],
      ['进展 GJ2026022600423天内修好', '3天内修好'],
      ['进展 GJ-20260226-00423天内修好', '3天内修好'],
      ['进展 GJ-20260226-0042 3天内修好', '3天内修好'],
      ['进展 gj 20260226 42 明天上午施工', '明天上午施工'],
      ['进展 ＧＪ－２０２６０２２６－００４２　已联系　施工队', '已联系 施工队'],
      [`进展 ${N}    已联系\n\n施工队\t明天到`, '已联系 施工队 明天到'],
      [`进展【${N}】已派人`, '已派人'],
      [`进展 ${N} 已修好。`, '已修好。'],
      [`进展 ${N} ok, 3 workers on site`, 'ok, 3 workers on site'],
      [`进展 ${N} 👍 已处理`, '👍 已处理'],
    ])('%s', (text, note) => command(text, { type: 'progress', caseNumber: N, note }));

    it('finds the number after the note when it is written last', () => {
      command(`进展 已联系施工队 ${N}`, { type: 'progress', caseNumber: N, note: '已联系施工队' });
      command(`进展 已联系施工队（${N}）`, { type: 'progress', caseNumber: N, note: '已联系施工队' });
      command(`进展 已联系施工队（编号${N}），明天到`, { type: 'progress', caseNumber: N, note: '已联系施工队 明天到' });
    });
  });

  describe('办结 (resolve)', () => {
    it.each([
      [`办结 ${N} 管道已疏通`, '管道已疏通'],
      [`已办结 ${N} 管道已疏通`, '管道已疏通'],
      [`完成 ${N} 管道已疏通`, '管道已疏通'],
      [`已办结 ${N} 完成`, '完成'],
      [`办结${N}管道已疏通`, '管道已疏通'],
      [`办结 ${N}   管道已疏通，   污水不再外流`, '管道已疏通, 污水不再外流'],
      [`办结：${N}：管道已疏通`, '管道已疏通'],
      [`办结 管道已疏通 ${N}`, '管道已疏通'],
    ])('%s', (text, note) => command(text, { type: 'resolve', caseNumber: N, note }));

    it('cuts a long note at 500 characters (code points, never half an emoji)', () => {
      const long = parseCadreCommand(`办结 ${N} ${'修'.repeat(2000)}`);
      expect(long.ok && long.command.type === 'resolve' && long.command.note).toBe('修'.repeat(500));
      const emoji = parseCadreCommand(`办结 ${N} ${'🙂'.repeat(600)}`);
      expect(emoji.ok && emoji.command.type === 'resolve' && emoji.command.note).toBe('🙂'.repeat(500));
      const exact = parseCadreCommand(`办结 ${N} ${'好'.repeat(500)}`);
      expect(exact.ok && exact.command.type === 'resolve' && exact.command.note).toBe('好'.repeat(500));
    });

    it('reads a command longer than the read limit, keeping the first 500 characters of the note', () => {
      const result = parseCadreCommand(`进展 ${N} ${'很长的说明'.repeat(20_000)}`);
      expect(result.ok && result.command.type === 'progress' && [...result.command.note].length).toBe(500);
    });
  });

  describe('转办 (transfer)', () => {
    it.each([
      [`转办 ${N} 团结村 地点在团结村`, '团结村', '地点在团结村'],
      [`转交 ${N} 团结村 地点在团结村`, '团结村', '地点在团结村'],
      [`转给 ${N} 张小兵 他负责这片`, '张小兵', '他负责这片'],
      [`转给 ${N} tj-grid 他负责这片`, 'tj-grid', '他负责这片'],
      [`转办 ${N} 向阳社区 属地不对，   应由社区处理`, '向阳社区', '属地不对, 应由社区处理'],
      [`转办${N}团结村 属地不对`, '团结村', '属地不对'],
      [`转办 ${N}，团结村，属地不对`, '团结村', '属地不对'],
      [`转办 ${N} 团结村：属地不对`, '团结村', '属地不对'],
      [`转办 ${N} 团结村、属地不对`, '团结村', '属地不对'],
      [`转办 ${N} 到团结村 属地不对`, '团结村', '属地不对'],
      [`转办 ${N} 给张小兵 他负责这片`, '张小兵', '他负责这片'],
      [`转办 ${N} 团结村 原因：属地不对`, '团结村', '属地不对'],
      [`转办 ${N} 团结村 理由是属地不对`, '团结村', '属地不对'],
      [`转办 ${N} 团结村。 属地不对`, '团结村', '属地不对'],
      ['转办　ＧＪ－２０２６０２２６－００４２　团结村　属地不对', '团结村', '属地不对'],
      [`转办 团结村 ${N} 属地不对`, '团结村', '属地不对'],
    ])('%s', (text, target, reason) => command(text, { type: 'transfer', caseNumber: N, target, reason }));

    it('cuts a long reason at 500 characters', () => {
      const result = parseCadreCommand(`转办 ${N} 团结村 ${'原'.repeat(900)}`);
      expect(result.ok && result.command.type === 'transfer' && result.command.reason).toBe('原'.repeat(500));
    });
  });

  describe('待办 / 案件 / 帮助', () => {
    it.each(['待办', '我的待办', '待办事项', '查看待办', ' 待办 ', '待办。', '待办！', '待办?', '待办：'])('%s is the to-do list', (text) =>
      command(text, { type: 'openCases' }),
    );

    it.each([`案件 ${N}`, `查看 ${N}`, `详情 ${N}`, `案件${N}`, `案件：gj 20260226 42`, `查看 案件 ${N}`, `案件编号 ${N}`, `详情 ${N}？`])(
      '%s shows the case',
      (text) => command(text, { type: 'show', caseNumber: N }),
    );

    it.each(['帮助', '菜单', '?', '？', '？？', '帮助。', ' 帮助 ', '帮助！'])('%s is help', (text) => command(text, { type: 'help' }));
  });

  describe('绑定 (bind)', () => {
    it.each([
      ['绑定 abcd2345', 'ABCD2345'],
      ['绑定ABCD2345', 'ABCD2345'],
      ['绑定：ABCD2345', 'ABCD2345'],
      ['绑定 ＡＢＣＤ２３４５', 'ABCD2345'],
      ['绑定 ABCD 2345', 'ABCD2345'],
      ['绑定 ABCD-2345。', 'ABCD2345'],
      ['绑定码：ABCD2345', 'ABCD2345'],
    ])('%s', (text, code) => command(text, { type: 'bind', code }));
  });

  describe('says what is wrong', () => {
    it.each<[string, ParseError]>([
      ['受理', { code: 'missingCaseNumber', verb: '受理' }],
      ['接单', { code: 'missingCaseNumber', verb: '受理' }],
      ['受理。', { code: 'missingCaseNumber', verb: '受理' }],
      ['受理 一下', { code: 'missingCaseNumber', verb: '受理' }],
      ['受理 编号', { code: 'missingCaseNumber', verb: '受理' }],
      ['进展', { code: 'missingCaseNumber', verb: '进展' }],
      ['反馈 已联系施工队', { code: 'missingCaseNumber', verb: '进展' }],
      ['已办结', { code: 'missingCaseNumber', verb: '办结' }],
      ['完成了', { code: 'missingCaseNumber', verb: '办结' }],
      ['转办 团结村 属地不对', { code: 'missingCaseNumber', verb: '转办' }],
      ['查看', { code: 'missingCaseNumber', verb: '案件' }],
      ['受理 123', { code: 'badCaseNumber', verb: '受理', given: '123' }],
      ['受理 GJ-2026022-0042', { code: 'badCaseNumber', verb: '受理', given: 'GJ-2026022-0042' }],
      ['受理 GJ-20260226', { code: 'badCaseNumber', verb: '受理', given: 'GJ-20260226' }],
      ['受理 GJ-20260226-', { code: 'badCaseNumber', verb: '受理', given: 'GJ-20260226-' }],
      ['受理 20260226-0042', { code: 'badCaseNumber', verb: '受理', given: '20260226-0042' }],
      ['受理 ABCDEFG-20260226-0042', { code: 'badCaseNumber', verb: '受理', given: 'ABCDEFG-20260226-0042' }],
      // A digit glued on after a padded sequence: which case is meant is not clear, so no guess.
      ['受理 GJ-20260226-00421', { code: 'badCaseNumber', verb: '受理', given: 'GJ-20260226-00421' }],
      ['案件 GJ2026022600421', { code: 'badCaseNumber', verb: '案件', given: 'GJ2026022600421' }],
      ['进展 已联系 GJ-2026-42', { code: 'badCaseNumber', verb: '进展', given: 'GJ-2026-42' }],
      ['办结 abc', { code: 'badCaseNumber', verb: '办结', given: 'abc' }],
      [`进展 ${N}`, { code: 'missingNote', verb: '进展' }],
      [`进度 ${N}。`, { code: 'missingNote', verb: '进展' }],
      [`办结 ${N}`, { code: 'missingNote', verb: '办结' }],
      [`完成 ${N}！！`, { code: 'missingNote', verb: '办结' }],
      [`办结 ${N} ，。`, { code: 'missingNote', verb: '办结' }],
      [`转办 ${N}`, { code: 'missingTarget' }],
      [`转办 ${N} 。`, { code: 'missingTarget' }],
      [`转办 ${N} 团结村`, { code: 'missingReason' }],
      [`转办 ${N} 团结村。`, { code: 'missingReason' }],
      [`转办 ${N} 团结村村里有人管`, { code: 'missingReason' }],
      [`转办 ${N} 团结村 原因：`, { code: 'missingReason' }],
      ['绑定', { code: 'missingCode' }],
      ['绑定：', { code: 'missingCode' }],
      ['绑定 你好', { code: 'missingCode' }],
      ['绑定 ab', { code: 'missingCode' }],
      ['你好', { code: 'unknown' }],
      ['', { code: 'unknown' }],
      ['   ', { code: 'unknown' }],
      [N, { code: 'unknown' }],
      ['我要反映问题：路灯坏了', { code: 'unknown' }],
      ['待办 一下', { code: 'unknown' }],
      ['帮助我', { code: 'unknown' }],
      ['?受理', { code: 'unknown' }],
      ['🙂', { code: 'unknown' }],
      ['\u0000\u0001\u001f', { code: 'unknown' }],
    ])('%s', (text, expected) => error(text, expected));

    it('quotes at most 40 characters of a bad number', () => {
      const result = parseCadreCommand(`受理 ${'9'.repeat(300)}`);
      expect(result).toEqual({ ok: false, error: { code: 'badCaseNumber', verb: '受理', given: '9'.repeat(40) } });
    });
  });

  describe('never throws', () => {
    const rand = seeded(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const pool = [
      ...['受理', '接单', '进展', '办结', '已办结', '转办', '转给', '待办', '案件', '帮助', '绑定', '?', '？'],
      ...[' ', '　', '\n', '\t', '：', '，', '。', '！', '-', '—', '一', '【', '】', '#', '编号'],
      ...['GJ', 'gj', 'ＧＪ', '2026', '0226', '20260226', '0042', '42', '9', '团结村', 'tj-grid', '原因', '已修好'],
      ...['🙂', '👨‍👩‍👧', '\u0000', '\u0007', '\u007f', '\u0085', '\u200b', '\ufeff', '\ud800', '\udc00', '<b>', 'ａ', '\u0301', '㍿', 'ﬁ'],
    ];
    const randomCodePoints = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(Math.floor(rand() * 0x110000))).join('');

    it('on 2,000 random messages, and its answers keep their promises', () => {
      for (let i = 0; i < 2000; i++) {
        const text = i % 4 === 3 ? randomCodePoints(Math.floor(rand() * 40)) : Array.from({ length: Math.floor(rand() * 14) }, () => pick(pool)).join('');
        let result: ReturnType<typeof parseCadreCommand> | undefined;
        expect(() => (result = parseCadreCommand(text))).not.toThrow();
        expect(result).toBeDefined();
        if (!result!.ok) continue;
        const c = result!.command;
        if ('caseNumber' in c) expect(c.caseNumber).toMatch(CASE_NUMBER_PATTERN);
        for (const words of [c.type === 'progress' || c.type === 'resolve' ? c.note : null, c.type === 'transfer' ? c.reason : null]) {
          if (words === null) continue;
          expect(words.trim()).toBe(words);
          expect(words).not.toBe('');
          expect([...words].length).toBeLessThanOrEqual(500);
          expect(words).not.toMatch(/\s\s|[\u0000-\u001f]/);
        }
        if (c.type === 'transfer') expect(c.target).not.toMatch(/\s/);
      }
    });

    // How fast is measured by `npm run bench -- --only cadre-parse`, not here.
    it('on huge and hostile messages', () => {
      for (const text of [
        'x'.repeat(100_000),
        '受理'.repeat(50_000),
        ' '.repeat(100_000),
        `受理${' '.repeat(100_000)}x`,
        `待办${' '.repeat(100_000)}x`,
        `绑定${'。'.repeat(100_000)}x`,
        `转办 ${N} ${'。'.repeat(100_000)}x 原因`,
        `进展 ${'a'.repeat(5) + ' '.repeat(50_000)}`,
        `进展 ${'GJ 20260226 '.repeat(10_000)}`,
        `办结 ${'#'.repeat(50_000)} ${N}`,
        '\u0000'.repeat(100_000),
        '🙂'.repeat(50_000),
        '\ud800'.repeat(100_000),
      ]) {
        expect(() => parseCadreCommand(text)).not.toThrow();
      }
      expect(parseCadreCommand('x'.repeat(100_000))).toEqual({ ok: false, error: { code: 'unknown' } });
    });

    it('on anything that is not a string at run time', () => {
      for (const value of [undefined, null, 42, {}, []]) expect(parseCadreCommand(value as unknown as string)).toEqual({ ok: false, error: { code: 'unknown' } });
    });
  });

});

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
