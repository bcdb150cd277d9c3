import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client';

/** The key that signs web chat cookies: CHAT_COOKIE_SECRET, else one made at first start and kept in the database. */
export async function chatSecret(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const made = randomBytes(32).toString('base64url');
  // Two processes (or apps) starting at once must agree on one key: the first insert wins, no upsert race.
  await db.setting.createMany({ data: [{ key: 'chatCookieSecret', value: made }], skipDuplicates: true });
  return (await db.setting.findUniqueOrThrow({ where: { key: 'chatCookieSecret' } })).value;
}

/** A web resident's identity: a random id, kept in an HttpOnly cookie that @fastify/cookie signs. */
export const newChatId = () => randomBytes(16).toString('base64url');
export const CHAT_ID = /^[A-Za-z0-9_-]{22}$/;

const legacySign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('base64url').slice(0, 32);

/**
 * The id in a cookie from before @fastify/cookie signed them (`<id>.<32-character HMAC>`), or null.
 * Kept so residents who used the web chat before keep their identity (and their cases' notices);
 * the route re-issues such a cookie in the current form.
 */
export function readLegacyChatIdentity(secret: string, cookie: string | undefined): string | null {
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{32})$/.exec(cookie ?? '');
  if (!m) return null;
  const expected = Buffer.from(legacySign(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}
