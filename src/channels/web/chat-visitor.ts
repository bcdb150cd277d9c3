import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHAT_ID, newChatId, readLegacyChatIdentity } from './chat-identity';

const COOKIE = 'lx_chat';
const YEAR = 365 * 24 * 3600;

/** The web chat's visitor: who a request comes from, by the signed cookie (@fastify/cookie) alone. */
export function chatVisitors(secret: string, secureCookies: boolean) {
  const cookieOpts = { path: '/chat', httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: YEAR, signed: true } as const;

  /** The resident's id if the cookie is exactly one we signed; an older-style cookie is re-issued in the current form. */
  const known = (req: FastifyRequest, reply: FastifyReply): string | null => {
    const raw = req.cookies[COOKIE];
    if (!raw) return null;
    const unsigned = req.unsignCookie(raw);
    if (unsigned.valid && unsigned.value && CHAT_ID.test(unsigned.value)) return unsigned.value;
    const legacy = readLegacyChatIdentity(secret, raw);
    if (legacy) void reply.setCookie(COOKIE, legacy, cookieOpts);
    return legacy;
  };

  /** The resident's id, or a new one (and its cookie) for someone new. */
  const identity = (req: FastifyRequest, reply: FastifyReply): string => {
    const id = known(req, reply);
    if (id) return id;
    const made = newChatId();
    void reply.setCookie(COOKIE, made, cookieOpts);
    return made;
  };

  return { known, identity };
}
