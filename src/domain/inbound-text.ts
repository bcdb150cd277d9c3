/**
 * The one boundary for text that enters from outside (WeChat, web chat, Open311, admin API,
 * dashboard forms, CLI arguments): every channel passes what people typed through `cleanText`
 * before a use case sees it, so no NUL byte reaches PostgreSQL, no control character reaches an
 * XML document, and no lone surrogate reaches a JSON encoder.
 */

/** Longest text any single field accepts unless its caller says less. */
export const DEFAULT_MAX_TEXT = 2000;

// C0 controls except \t (09) and \n (0A); \r is folded into \n first. DEL and C1 controls too.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Noncharacters U+FFFE/U+FFFF are not allowed in XML and mean nothing in text.
const NONCHARACTERS = /[\uFFFE\uFFFF]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export type CleanTextOptions = {
  /** Characters kept at most (counted in UTF-16 units, after cleaning); the rest is cut. */
  maxLength?: number;
  /** Single-line fields (names, codes, filters): newlines and tabs become spaces. */
  singleLine?: boolean;
};

/** Text made safe to store and show: NUL and controls removed, lone surrogates replaced, length limited. */
export function cleanText(input: string, opts: CleanTextOptions = {}): string {
  let text = input.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(NONCHARACTERS, '').replace(LONE_SURROGATE, '\uFFFD');
  if (opts.singleLine) text = text.replace(/[\n\t]/g, ' ');
  const max = opts.maxLength ?? DEFAULT_MAX_TEXT;
  if (text.length > max) {
    text = text.slice(0, max);
    // Never leave half a surrogate pair at the cut.
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  }
  return text;
}

/** `cleanText` for a value that may not be a string (query parameters, JSON bodies): other types pass through. */
export function cleanUnknown<T>(value: T, opts: CleanTextOptions = {}): T {
  return (typeof value === 'string' ? cleanText(value, opts) : value) as T;
}

/**
 * Text made safe for an XML 1.0 document: characters XML does not allow are dropped (cleanText's
 * set plus any that stored data might still hold). Escaping of <, & and quotes is the XML writer's job.
 */
export function xmlSafe(text: string): string {
  return text.replace(CONTROLS, '').replace(NONCHARACTERS, '').replace(LONE_SURROGATE, '\uFFFD');
}
