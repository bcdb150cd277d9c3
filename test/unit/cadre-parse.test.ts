import { parseCadreCommand } from '../../src/cadre/parse-command';

const N = 'GJ-20260226-0042';

describe('parsing what a cadre types', () => {
  it.each([
    [`受理 ${N}`, { type: 'accept', caseNumber: N }],
    [`受理${N}`, { type: 'accept', caseNumber: N }],
    [`接单：gj-20260226-42`, { type: 'accept', caseNumber: N }],
    [`受理　ＧＪ－２０２６０２２６－００４２`, { type: 'accept', caseNumber: N }],
    [`受理 GJ 20260226 0042。`, { type: 'accept', caseNumber: N }],
    [`进展 ${N} 已联系施工队`, { type: 'progress', caseNumber: N, note: '已联系施工队' }],
    [`进展GJ-20260226-0042已派人疏通`, { type: 'progress', caseNumber: N, note: '已派人疏通' }],
    [`进展 GJ2026022600423天内修好`, { type: 'progress', caseNumber: N, note: '3天内修好' }],
    [`办结 ${N}   管道已疏通，   污水不再外流`, { type: 'resolve', caseNumber: N, note: '管道已疏通, 污水不再外流' }],
    [`已办结 ${N} 完成`, { type: 'resolve', caseNumber: N, note: '完成' }],
    [`转办 ${N} 团结村 地点在团结村`, { type: 'transfer', caseNumber: N, target: '团结村', reason: '地点在团结村' }],
    [`转给 ${N} tj-grid 他负责这片`, { type: 'transfer', caseNumber: N, target: 'tj-grid', reason: '他负责这片' }],
    ['待办', { type: 'todo' }],
    ['我的待办', { type: 'todo' }],
    [`案件 ${N}`, { type: 'show', caseNumber: N }],
    [`详情 ${N}`, { type: 'show', caseNumber: N }],
    ['帮助', { type: 'help' }],
    ['？', { type: 'help' }],
    ['绑定 abcd2345', { type: 'bind', code: 'ABCD2345' }],
  ])('%s', (text, command) => {
    expect(parseCadreCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['受理', { code: 'missingCaseNumber', verb: '受理' }],
    ['受理 123', { code: 'badCaseNumber', verb: '受理', given: '123' }],
    [`进展 ${N}`, { code: 'missingNote', verb: '进展' }],
    [`办结 ${N}`, { code: 'missingNote', verb: '办结' }],
    [`转办 ${N}`, { code: 'missingTarget' }],
    [`转办 ${N} 团结村`, { code: 'missingReason' }],
    ['绑定', { code: 'missingCode' }],
    ['你好', { code: 'unknown' }],
    ['待办 一下', { code: 'unknown' }],
  ])('explains %s', (text, error) => {
    expect(parseCadreCommand(text)).toEqual({ ok: false, error });
  });

  it('cuts a very long note at 500 characters', () => {
    const result = parseCadreCommand(`进展 ${N} ${'修'.repeat(2000)}`);
    expect(result.ok && result.command.type === 'progress' && [...result.command.note].length).toBe(500);
  });

  it('never throws on random input', () => {
    const pool = ['受理', '进展', '办结', '转办', ' ', 'GJ', '-', '2026', '0226', '🙂', '\u0000', '<b>', '。', 'ａ', '\n', '转', '办'];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(rand() * 12) }, () => pool[Math.floor(rand() * pool.length)]).join('');
      expect(() => parseCadreCommand(text)).not.toThrow();
    }
    expect(parseCadreCommand('x'.repeat(100_000))).toEqual({ ok: false, error: { code: 'unknown' } });
  });
});
