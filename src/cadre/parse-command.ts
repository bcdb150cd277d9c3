import { normaliseCaseNumber } from '../cases/case-number';

/** What a cadre can ask of the bot in WeChat. */
export type CadreCommand =
  | { type: 'bind'; code: string }
  | { type: 'accept'; caseNumber: string }
  | { type: 'progress'; caseNumber: string; note: string }
  | { type: 'resolve'; caseNumber: string; note: string }
  | { type: 'transfer'; caseNumber: string; target: string; reason: string }
  | { type: 'todo' }
  | { type: 'show'; caseNumber: string }
  | { type: 'help' };

export type ParseError =
  | { code: 'unknown' }
  | { code: 'missingCaseNumber'; verb: string }
  | { code: 'badCaseNumber'; verb: string; given: string }
  | { code: 'missingNote'; verb: '进展' | '办结' }
  | { code: 'missingTarget' }
  | { code: 'missingReason' }
  | { code: 'missingCode' };

export type ParseResult = { ok: true; command: CadreCommand } | { ok: false; error: ParseError };

type Verb = 'bind' | 'accept' | 'progress' | 'resolve' | 'transfer' | 'todo' | 'show' | 'help';

/** Each verb and the everyday words for it; the first is the canonical one shown in errors. */
const VERBS: [Verb, string[]][] = [
  ['bind', ['绑定']],
  ['accept', ['受理', '接单']],
  ['progress', ['进展', '进度', '反馈']],
  ['resolve', ['办结', '已办结', '完成']],
  ['transfer', ['转办', '转交', '转给']],
  ['todo', ['待办', '我的待办', '待办事项']],
  ['show', ['案件', '查看', '详情']],
  ['help', ['帮助', '菜单', '?']],
];
// Longest first, so 已办结 is not read as 已 + 办结 and 我的待办 wins over 待办.
const VERB_WORDS = VERBS.flatMap(([verb, words]) => words.map((w) => ({ verb, word: w, canonical: words[0]! }))).sort(
  (a, b) => b.word.length - a.word.length,
);

const MAX_NOTE = 500;
const MAX_INPUT = 4000;
/** Letters, 8-digit date, sequence; separators optional. Without a separator, at most 4 sequence digits. */
const CASE_NUMBER_AT_START = /^([A-Za-z]{1,6})[\s\-_—–.]*(\d{8})(?:[\s\-_—–.]+(\d{1,6})|(\d{1,4}))/;

const tidy = (text: string) => text.replace(/\s+/g, ' ').trim();
const clipNote = (text: string) => [...text].slice(0, MAX_NOTE).join('');

/** Pure: what a cadre typed → a command, or the specific reason it is not one. Never throws. */
export function parseCadreCommand(raw: string): ParseResult {
  if (typeof raw !== 'string' || raw.length > MAX_INPUT) return unknown();
  const text = tidy(raw.normalize('NFKC').replace(/[\u0000-\u001f\u007f]/g, ' ')).replace(/[。！!]+$/u, '');
  const match = VERB_WORDS.find((v) => text.startsWith(v.word));
  if (!match) return unknown();
  const rest = text.slice(match.word.length).replace(/^[\s:：,，]+/, '');
  switch (match.verb) {
    case 'help':
    case 'todo':
      return rest === '' ? ok({ type: match.verb }) : unknown();
    case 'bind': {
      const code = rest.replace(/\s+/g, '');
      if (!code) return fail({ code: 'missingCode' });
      return /^[A-Za-z0-9]{4,16}$/.test(code) ? ok({ type: 'bind', code: code.toUpperCase() }) : fail({ code: 'missingCode' });
    }
    default:
      return withCaseNumber(match.verb, match.canonical, rest);
  }
}

function withCaseNumber(verb: Exclude<Verb, 'bind' | 'todo' | 'help'>, canonical: string, rest: string): ParseResult {
  if (rest === '') return fail({ code: 'missingCaseNumber', verb: canonical });
  const m = CASE_NUMBER_AT_START.exec(rest);
  const caseNumber = m ? normaliseCaseNumber(`${m[1]}-${m[2]}-${m[3] ?? m[4]}`) : null;
  if (!m || !caseNumber) return fail({ code: 'badCaseNumber', verb: canonical, given: rest.split(' ')[0] ?? rest });
  const after = rest.slice(m[0].length).replace(/^[\s:：,，]+/, '');
  switch (verb) {
    case 'accept':
    case 'show':
      return ok({ type: verb, caseNumber });
    case 'progress':
    case 'resolve': {
      const note = clipNote(after);
      if (!note) return fail({ code: 'missingNote', verb: verb === 'progress' ? '进展' : '办结' });
      return ok({ type: verb, caseNumber, note });
    }
    case 'transfer': {
      if (!after) return fail({ code: 'missingTarget' });
      const space = after.indexOf(' ');
      if (space < 0) return fail({ code: 'missingReason' });
      const reason = clipNote(after.slice(space + 1).trim());
      return reason ? ok({ type: 'transfer', caseNumber, target: after.slice(0, space), reason }) : fail({ code: 'missingReason' });
    }
  }
}

const ok = (command: CadreCommand): ParseResult => ({ ok: true, command });
const fail = (error: ParseError): ParseResult => ({ ok: false, error });
const unknown = (): ParseResult => fail({ code: 'unknown' });
