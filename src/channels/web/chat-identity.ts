import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client';

/** The key that signs web chat cookies: CHAT_COOKIE_SECRET, else one made at first start and kept in the database. */
export async function chatSecret(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const made = randomBytes(32).toString('base64url');
  await db.setting.upsert({ where: { key: 'chatCookieSecret' }, create: { key: 'chatCookieSecret', value: made }, update: {} });
  return (await db.setting.findUniqueOrThrow({ where: { key: 'chatCookieSecret' } })).value;
}

const sign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('base64url').slice(0, 32);

/** A web resident's identity: a random id and its signature, kept in an HttpOnly cookie. */
export function newChatIdentity(secret: string): { id: string; cookie: string } {
  const id = randomBytes(16).toString('base64url');
  return { id, cookie: `${id}.${sign(secret, id)}` };
}

/** The id in a cookie, or null if it is missing, malformed or not signed by us. */
export function readChatIdentity(secret: string, cookie: string | undefined): string | null {
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{32})$/.exec(cookie ?? '');
  if (!m) return null;
  const expected = Buffer.from(sign(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}
