/**
 * The text of a cadre's command as the parser reads it: made safe and canonical first (bounded,
 * NFKC, no control characters, no group mention), cut by code points, never split mid-character.
 */

/** How much of a mistyped case number or token is quoted back. */
export const MAX_GIVEN = 40;
const MAX_NOTE = 500; // code points, for notes and reasons
/** Only this much of a message is read (UTF-16 units); a note is cut at MAX_NOTE anyway. */
const MAX_INPUT = 4000;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** A WeChat group mention in front ("@连心桥\u2005受理 …"). */
const MENTION = /^@\S*\s+/;

/** After the verb: 受理：…, 受理, …, 受理 … (full-width forms are ASCII after NFKC). */
export const AFTER_VERB = /^[\s:,;、]+/;
/** Between the case number (or the target) and the text that follows it. */
export const LEADING_SEPARATORS = /^[\s:,;、\-—–~]+/;
/** One character of trailing punctuation (trimmed by a loop: a `[…]+$` regex is quadratic on long runs). */
export const TRAILING_PUNCTUATION = /[\s。.!?~、,;:]/;
export const BLANK = /^[\s\p{P}]*$/u;

/** Bounded, well-formed, NFKC (full-width → half-width), no control or zero-width characters, trimmed. */
export function prepare(raw: string): string {
  let s = raw;
  if (s.length > MAX_INPUT) {
    const end = isHighSurrogate(s.charCodeAt(MAX_INPUT - 1)) ? MAX_INPUT - 1 : MAX_INPUT;
    s = s.slice(0, end);
  }
  s = s.replace(LONE_SURROGATE, '\ufffd').normalize('NFKC').replace(CONTROL, ' ').replace(ZERO_WIDTH, '').trim();
  return s.replace(MENTION, '');
}

/** The cadre's own words: whitespace collapsed, trimmed, at most MAX_NOTE code points. */
export function cleanNote(text: string): string {
  return clip(text.replace(LEADING_SEPARATORS, '').replace(/\s+/g, ' ').trim(), MAX_NOTE).trim();
}

/** `text` without the characters matching `char` (a one-character pattern) at its end. */
export function trimTrailing(text: string, char: RegExp): string {
  let end = text.length;
  while (end > 0 && char.test(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

export function firstToken(text: string): string {
  const token = text.trim().split(/\s/, 1)[0] ?? '';
  return clip(token, MAX_GIVEN);
}

/** The first `max` code points (never splits a surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let units = 0;
  let points = 0;
  while (units < text.length && points < max) {
    units += isHighSurrogate(text.charCodeAt(units)) && units + 1 < text.length ? 2 : 1;
    points++;
  }
  return text.slice(0, units);
}

export function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0x30 && code <= 0x39;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

