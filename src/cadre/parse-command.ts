import { normaliseCaseNumber } from '../domain/case-number';

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

const MAX_NOTE = 500; // code points, for notes and reasons
const MAX_TARGET = 64;
const MAX_GIVEN = 40;
/** Only this much of a message is read (UTF-16 units); a note is cut at MAX_NOTE anyway. */
const MAX_INPUT = 4000;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** A WeChat group mention in front ("@连心桥\u2005受理 …"). */
const MENTION = /^@\S*\s+/;

/** After the verb: 受理：…, 受理, …, 受理 … (full-width forms are ASCII after NFKC). */
const AFTER_VERB = /^[\s:,;、]+/;
/** Between the case number (or the target) and the text that follows it. */
const LEADING_SEPARATORS = /^[\s:,;、\-—–~]+/;
/** One character of trailing punctuation (trimmed by a loop: a `[…]+$` regex is quadratic on long runs). */
const TRAILING_PUNCTUATION = /[\s。.!?~、,;:]/;
const BLANK = /^[\s\p{P}]*$/u;
/** Words people put before a number: 受理 案件编号：GJ-…, 受理 #GJ-…, 受理【GJ-…】. */
const NUMBER_PREFIX = /^(?:(?:案件编号|案件号|案号|编号|单号|案件)\s*:?\s*|#\s*|[(\[【「『“"'《<〔]\s*)/;
/** The same words just before a number found further on ("办结 管道已疏通（编号GJ-…）"). */
const NUMBER_PREFIX_AT_END = /(?:(?:案件编号|案件号|案号|编号|单号|案件)\s*:?|#|[(\[【「『“"'《<〔])\s*$/;
const OPENING = /[(\[【「『“"'《<〔]/;
const CLOSING = /^[)\]】」』”"'》>〕]/;

/** Inside a case number: spaces and every dash people type (and 一, which IMEs offer for a dash). */
const SEP = '[\\s\\-_.·・一\\u2010-\\u2015\\u2212\\u30fc]';
/**
 * Letters, the 8-digit day, the sequence. After a separator the sequence is all the digits
 * (trimmed below); glued to the day it is at most 4 digits, so "GJ2026022600423天" is 0042 + "3天".
 */
const NUMBER_BODY = `([A-Za-z]{1,6})${SEP}*(\\d{8})(?:${SEP}+(\\d+)|(\\d{1,4}))`;
const NUMBER_AT_START = new RegExp(`^${NUMBER_BODY}`);
const NUMBER_ANYWHERE = new RegExp(`(?<![A-Za-z])${NUMBER_BODY}`);
/** Something that was meant as a case number but is not one (GJ-2026022-42, gj0042). */
const ATTEMPT = new RegExp(`[A-Za-z]{1,6}${SEP}*\\d[\\d\\-_.]*`);

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

/** Bounded, well-formed, NFKC (full-width → half-width), no control or zero-width characters, trimmed. */
function prepare(raw: string): string {
  let s = raw;
  if (s.length > MAX_INPUT) {
    const end = isHighSurrogate(s.charCodeAt(MAX_INPUT - 1)) ? MAX_INPUT - 1 : MAX_INPUT;
    s = s.slice(0, end);
  }
  s = s.replace(LONE_SURROGATE, '\ufffd').normalize('NFKC').replace(CONTROL, ' ').replace(ZERO_WIDTH, '').trim();
  return s.replace(MENTION, '');
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

/** `after`: the text after the number (or around it); `digitFollows`: a digit is glued on after it. */
type Found = { caseNumber: string; after: string; digitFollows: boolean };

/**
 * The case number right after the verb (after words like 编号 or a bracket), else the first one
 * elsewhere ("办结 管道已疏通 GJ-…"): then the text around it is what follows it.
 */
function findCaseNumber(rest: string): Found | null {
  let body = rest;
  let opened = false;
  for (let i = 0; i < 3; i++) {
    const prefix = NUMBER_PREFIX.exec(body);
    if (!prefix) break;
    if (OPENING.test(prefix[0])) opened = true;
    body = body.slice(prefix[0].length);
  }
  const atStart = NUMBER_AT_START.exec(body);
  if (atStart) {
    const read = readNumber(atStart);
    if (read) {
      let after = body.slice(read.end);
      if (opened) after = after.replace(CLOSING, '');
      return { caseNumber: read.caseNumber, after, digitFollows: isDigitAt(body, read.end) };
    }
  }
  const elsewhere = NUMBER_ANYWHERE.exec(rest);
  if (elsewhere) {
    const read = readNumber(elsewhere);
    if (read) {
      let before = rest.slice(0, elsewhere.index);
      for (let i = 0; i < 3; i++) before = before.replace(NUMBER_PREFIX_AT_END, '');
      before = trimTrailing(before, /[\s:,;、\-—–~]/);
      const after = rest.slice(read.end).replace(CLOSING, '').replace(LEADING_SEPARATORS, '');
      return { caseNumber: read.caseNumber, after: [before, after].filter(Boolean).join(' '), digitFollows: isDigitAt(rest, read.end) };
    }
  }
  return null;
}

/** The canonical number and where it ends in the string `m` ran on. */
function readNumber(m: RegExpExecArray): { caseNumber: string; end: number } | null {
  const [whole, letters, day, afterSeparator, glued] = m;
  let sequence = glued ?? '';
  let unread = 0;
  if (afterSeparator !== undefined) {
    // A padded sequence ("0042") is 4 digits: what follows is the note ("0042 3天" typed as "00423天").
    // Unpadded sequences are 1–6 digits (case numbers go past 9999 on a very busy day).
    sequence = afterSeparator.slice(0, afterSeparator.startsWith('0') ? 4 : 6);
    unread = afterSeparator.length - sequence.length;
  }
  const caseNumber = normaliseCaseNumber(`${letters}-${day}-${sequence}`);
  return caseNumber ? { caseNumber, end: m.index + whole.length - unread } : null;
}

/** What to quote back when a number was attempted; null when none was (then it is missing). */
function attemptedNumber(rest: string): string | null {
  const body = rest.replace(NUMBER_PREFIX, '');
  if (/^[A-Za-z0-9]/.test(body)) return firstToken(body);
  const attempt = ATTEMPT.exec(body);
  return attempt ? clip(attempt[0].trim(), MAX_GIVEN) : null;
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

/** The cadre's own words: whitespace collapsed, trimmed, at most MAX_NOTE code points. */
function cleanNote(text: string): string {
  return clip(text.replace(LEADING_SEPARATORS, '').replace(/\s+/g, ' ').trim(), MAX_NOTE).trim();
}

/** `text` without the characters matching `char` (a one-character pattern) at its end. */
function trimTrailing(text: string, char: RegExp): string {
  let end = text.length;
  while (end > 0 && char.test(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

function firstToken(text: string): string {
  const token = text.trim().split(/\s/, 1)[0] ?? '';
  return clip(token, MAX_GIVEN);
}

/** The first `max` code points (never splits a surrogate pair). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let units = 0;
  let points = 0;
  while (units < text.length && points < max) {
    units += isHighSurrogate(text.charCodeAt(units)) && units + 1 < text.length ? 2 : 1;
    points++;
  }
  return text.slice(0, units);
}

function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0x30 && code <= 0x39;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const ok = (command: CadreCommand): ParseResult => ({ ok: true, command });
const fail = (error: ParseError): ParseResult => ({ ok: false, error });
const unknown = (): ParseResult => fail({ code: 'unknown' });
