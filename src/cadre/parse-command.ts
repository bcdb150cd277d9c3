import { AFTER_VERB, BLANK, cleanNote, clip, firstToken, LEADING_SEPARATORS, prepare, trimTrailing, TRAILING_PUNCTUATION } from './command-text';
import { attemptedNumber, findCaseNumber } from './case-number-in-command';

/** What a cadre can ask of the bot in WeChat. */
export type CadreCommand =
  | { type: 'bind'; code: string } // 绑定 <code>
  | { type: 'accept'; caseNumber: string } // 受理 <编号>
  | { type: 'progress'; caseNumber: string; note: string } // 进展 <编号> <内容>
  | { type: 'resolve'; caseNumber: string; note: string } // 办结 <编号> <结果>
  | { type: 'transfer'; caseNumber: string; target: string; reason: string } // 转办 <编号> <村/社区或干部> <原因>
  | { type: 'openCases' } // 待办
  | { type: 'show'; caseNumber: string } // 案件 <编号>
  | { type: 'help' }; // 帮助

export type ParseError =
  | { code: 'unknown' } // not a command at all: the caller shows the help text
  | { code: 'missingCaseNumber'; verb: string }
  | { code: 'badCaseNumber'; verb: string; given: string }
  | { code: 'missingNote'; verb: '进展' | '办结' }
  | { code: 'missingTarget' }
  | { code: 'missingReason' }
  | { code: 'missingCode' };

export type ParseResult = { ok: true; command: CadreCommand } | { ok: false; error: ParseError };

type Verb = CadreCommand['type'];
type CaseVerb = Exclude<Verb, 'bind' | 'openCases' | 'help'>;

/** Each verb and the everyday words for it; the first word is the canonical one used in errors. */
const VERBS: readonly (readonly [Verb, readonly string[]])[] = [
  ['bind', ['绑定']],
  ['accept', ['受理', '接单']],
  ['progress', ['进展', '进度', '反馈']],
  ['resolve', ['办结', '已办结', '完成']],
  ['transfer', ['转办', '转交', '转给']],
  ['openCases', ['待办', '我的待办', '待办事项', '查看待办']],
  ['show', ['案件', '查看', '详情']],
  ['help', ['帮助', '菜单', '?']], // ？ arrives as ? after NFKC
];
/** Longest first: 已办结 is not 已…, 我的待办 and 查看待办 win over 待办 and 查看. */
const VERB_WORDS = VERBS.flatMap(([verb, words]) => words.map((word) => ({ verb, word, canonical: words[0]! }))).sort(
  (a, b) => b.word.length - a.word.length,
);

const MAX_TARGET = 64;

/**
 * Pure: what a cadre typed → a command, or the specific reason it is not one. Never throws;
 * anything that does not start with a command word is `unknown`.
 */
export function parseCadreCommand(text: string): ParseResult {
  try {
    return parse(text);
  } catch {
    return unknown(); // a safety net only: nothing below is expected to throw
  }
}

function parse(raw: string): ParseResult {
  if (typeof raw !== 'string') return unknown();
  const text = prepare(raw);
  const match = VERB_WORDS.find((v) => text.startsWith(v.word));
  if (!match) return unknown();
  const rest = text.slice(match.word.length).replace(AFTER_VERB, '');
  switch (match.verb) {
    case 'help':
    case 'openCases':
      return trimTrailing(rest, TRAILING_PUNCTUATION) === '' ? ok({ type: match.verb }) : unknown();
    case 'bind':
      return parseBind(rest);
    default:
      return parseCaseCommand(match.verb, match.canonical, rest);
  }
}

function parseBind(rest: string): ParseResult {
  const code = trimTrailing(rest.replace(/^码\s*:?\s*/, ''), TRAILING_PUNCTUATION).replace(/[\s\-_]+/g, '');
  return /^[A-Za-z0-9]{4,16}$/.test(code) ? ok({ type: 'bind', code: code.toUpperCase() }) : fail({ code: 'missingCode' });
}

function parseCaseCommand(verb: CaseVerb, canonical: string, rest: string): ParseResult {
  const found = findCaseNumber(rest);
  if (!found) {
    const given = attemptedNumber(rest);
    return fail(given ? { code: 'badCaseNumber', verb: canonical, given } : { code: 'missingCaseNumber', verb: canonical });
  }
  const { caseNumber, after } = found;
  switch (verb) {
    case 'accept':
    case 'show':
      // "受理 GJ-20260226-00421": a digit glued on means the number is not what it seems; do not guess.
      if (found.digitFollows) return fail({ code: 'badCaseNumber', verb: canonical, given: firstToken(rest) });
      return ok({ type: verb, caseNumber });
    case 'progress':
    case 'resolve': {
      const note = cleanNote(after);
      if (BLANK.test(note)) return fail({ code: 'missingNote', verb: verb === 'progress' ? '进展' : '办结' });
      return ok({ type: verb, caseNumber, note });
    }
    case 'transfer':
      return parseTransfer(caseNumber, after);
  }
}

/**
 * 转办 <编号> <target> <reason>: the target is the next token (up to a space or a comma-like
 * separator), the reason the rest. "团结村村里有人管" with no separator is a target without a reason.
 */
function parseTransfer(caseNumber: string, after: string): ParseResult {
  const body = after.replace(LEADING_SEPARATORS, '');
  if (BLANK.test(body)) return fail({ code: 'missingTarget' });
  const cut = body.search(/[\s,:;、]/);
  const rawTarget = cut < 0 ? body : body.slice(0, cut);
  const target = clip(trimTrailing(rawTarget.replace(/^[给到至](?=\S{2})/u, ''), /[。.!?~]/), MAX_TARGET);
  if (BLANK.test(target)) return fail({ code: 'missingTarget' });
  const reasonText = cut < 0 ? '' : body.slice(cut + 1).replace(LEADING_SEPARATORS, '');
  const reason = cleanNote(reasonText.replace(/^(?:原因|理由)(?:\s*:\s*|\s*是\s*|\s+)/, ''));
  if (BLANK.test(reason)) return fail({ code: 'missingReason' });
  return ok({ type: 'transfer', caseNumber, target, reason });
}

const ok = (command: CadreCommand): ParseResult => ({ ok: true, command });
const fail = (error: ParseError): ParseResult => ({ ok: false, error });
const unknown = (): ParseResult => fail({ code: 'unknown' });
