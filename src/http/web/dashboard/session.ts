import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the dashboard's cookie carries: which API token signed in, and until when. */
export type DeskSession = { tokenId: number; nonce: string; exp: number };

export const DESK_COOKIE = 'lx_desk';
/** A working day and a bit: cadres sign in in the morning, the cookie lapses overnight. */
export const DESK_SESSION_HOURS = 12;

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`desk:${body}`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function issueDeskCookie(secret: string, tokenId: number, now: Date): string {
  const session: DeskSession = { tokenId, nonce: randomBytes(9).toString('base64url'), exp: now.getTime() + DESK_SESSION_HOURS * 3600_000 };
  const body = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The session if the cookie is ours, untampered and not expired; otherwise null. */
export function readDeskCookie(secret: string, cookie: string | undefined, now: Date): DeskSession | null {
  if (!cookie) return null;
  const [body, mac] = cookie.split('.');
  if (!body || !mac || !same(mac, sign(secret, body))) return null;
  try {
    const s = JSON.parse(Buffer.from(body, 'base64url').toString()) as DeskSession;
    if (typeof s.tokenId !== 'number' || typeof s.exp !== 'number' || typeof s.nonce !== 'string' || s.exp <= now.getTime()) return null;
    return s;
  } catch {
    return null;
  }
}

/** Each form carries a token bound to the session: a page on another site cannot post for the cadre. */
export const formToken = (secret: string, session: DeskSession) => sign(secret, `form:${session.tokenId}:${session.nonce}`);
export const formTokenValid = (secret: string, session: DeskSession, token: unknown) => typeof token === 'string' && same(token, formToken(secret, session));

export function cookieValue(header: string | undefined, name: string): string | undefined {
  return (header ?? '').split(/;\s*/).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
}
