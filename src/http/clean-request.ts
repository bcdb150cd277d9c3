import type { FastifyRequest } from 'fastify';
import { cleanText } from '../domain/inbound-text';

/** Fields that may run over several lines: what residents write and cadres' notes. Every other string is one line. */
const MULTI_LINE = new Set(['text', 'description', 'note', 'reason']);
/**
 * The outer bound for any one string. Each route's schema sets the real per-field limit (a note
 * 500, a search 100, a chat message 2,000 …) and answers 400 past it: a cadre or resident is told,
 * rather than having their text cut short here without a word.
 */
const MAX_FIELD = 10_000;
/** Deeper than any request this service accepts; schemas refuse such bodies, so nothing deeper is walked. */
const MAX_DEPTH = 6;

function clean(value: unknown, key: string, depth: number): unknown {
  if (typeof value === 'string') return cleanText(value, { singleLine: !MULTI_LINE.has(key), maxLength: MAX_FIELD });
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = clean(value[i], key, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    // defineProperty: an own "__proto__" key stays a plain data property, never the prototype.
    Object.defineProperty(record, k, { value: clean(record[k], k, depth + 1), writable: true, enumerable: true, configurable: true });
  }
  return record;
}

/**
 * The HTTP side of the one boundary for hostile text: every string in the query, the path
 * parameters and the body passes through `cleanText` (NUL and controls removed, lone surrogates
 * replaced, at most MAX_FIELD characters) before validation, so no use case ever sees one.
 * Each route's schema then applies its own, tighter per-field limit and answers 400 past it.
 * A preValidation hook, registered by the admin API, the dashboard and the web chat.
 */
export async function cleanRequestText(req: FastifyRequest): Promise<void> {
  clean(req.query, '', 0);
  clean(req.params, '', 0);
  if (typeof req.body === 'string') req.body = cleanText(req.body, { maxLength: MAX_FIELD });
  else clean(req.body, '', 0);
}
