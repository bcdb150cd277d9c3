import { normaliseCaseNumber } from '../domain/case-number';
import { clip, firstToken, isDigitAt, LEADING_SEPARATORS, MAX_GIVEN, trimTrailing } from './command-text';

/**
 * Finding the case number in a cadre's command as people type it: after words like 编号 or in
 * brackets, with any dashes or none, lower case, or further on in the text ("办结 管道已疏通 GJ-…").
 */

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

/** `after`: the text after the number (or around it); `digitFollows`: a digit is glued on after it. */
type Found = { caseNumber: string; after: string; digitFollows: boolean };

/**
 * The case number right after the verb (after words like 编号 or a bracket), else the first one
 * elsewhere ("办结 管道已疏通 GJ-…"): then the text around it is what follows it.
 */
export function findCaseNumber(rest: string): Found | null {
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
export function attemptedNumber(rest: string): string | null {
  const body = rest.replace(NUMBER_PREFIX, '');
  if (/^[A-Za-z0-9]/.test(body)) return firstToken(body);
  const attempt = ATTEMPT.exec(body);
  return attempt ? clip(attempt[0].trim(), MAX_GIVEN) : null;
}

