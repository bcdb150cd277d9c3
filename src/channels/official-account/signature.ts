import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's signatures: SHA-1 (hex) of the given strings sorted and joined. The server check signs
 * token, timestamp and nonce; a message in safe mode adds its Encrypt element (msg_signature).
 */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares in constant time; anything not a 40-digit hex string is simply wrong. */
export function signatureMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{40}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));
}

/** The query WeChat signs each callback with; strings checked only for shape here. */
export type SignedQuery = { signature?: unknown; timestamp?: unknown; nonce?: unknown };

export function isServerSigned(token: string, q: SignedQuery): boolean {
  if (typeof q.timestamp !== 'string' || typeof q.nonce !== 'string') return false;
  if (!/^\d{1,12}$/.test(q.timestamp) || q.nonce.length > 64) return false;
  return signatureMatches(wechatSignature(token, q.timestamp, q.nonce), q.signature);
}
