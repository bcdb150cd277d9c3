import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Service } from '../../service';
import { CHAT_ID, newChatId, readLegacyChatIdentity } from '../../channels/web/chat-identity';
import { cleanRequestText } from '../clean-request';
import { strictInt } from '../schemas/strict';
import { chatCss, chatJs, chatPageHtml } from '../web/chat-page';
import { normaliseBondCardCode } from '../../cards/bond-card-code';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COOKIE = 'lx_chat';
const YEAR = 365 * 24 * 3600;

/**
 * The web chat (/chat): the same dialogue as WeChat through the same router, for residents who
 * come from an official account's menu. Identity is a signed cookie; replies come back at once,
 * and notices (assigned, progress, resolved, updates) wait in the outbox for the page to fetch.
 */
export const chatRoutes: FastifyPluginAsync<{ service: Service; secret: string; secureCookies: boolean }> = async (plain, { service, secret, secureCookies }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // What residents type is cleaned (NUL, controls, lone surrogates) before the dialogue sees it.
  app.addHook('preValidation', cleanRequestText);
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

  const identity = (req: FastifyRequest, reply: FastifyReply): string => {
    const id = known(req, reply);
    if (id) return id;
    const made = newChatId();
    void reply.setCookie(COOKIE, made, cookieOpts);
    return made;
  };

  // Opened from a bond card's QR code (/chat?card=<code>): the card is presented for the resident,
  // and the bot's answer (the privacy notice first, for someone new) is on the page when it opens.
  app.get('/', { schema: { querystring: z.object({ card: z.string().max(40).optional() }) } }, async (req, reply) => {
    const code = req.query.card ? normaliseBondCardCode(req.query.card) : null;
    if (!code) return reply.type('text/html; charset=utf-8').send(chatPageHtml);
    const resident = identity(req, reply);
    const text = `连心卡 ${code}`;
    const replies = await service.inbound.handle({ id: `card-${code}-${resident}`, channel: 'web', senderKey: resident, content: { kind: 'text', text }, receivedAt: new Date() });
    const said = (replies ?? []).map((r) => `<p class="bot">${escapeHtml(r)}</p>`).join('');
    return reply.type('text/html; charset=utf-8').send(chatPageHtml.replace('</main>', `${said}</main>`));
  });
  app.get('/chat.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(chatJs));
  app.get('/chat.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(chatCss));

  app.post(
    '/messages',
    {
      schema: {
        body: z.strictObject({ text: z.string().min(1).max(2000), id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional() }),
        response: { 200: z.object({ replies: z.array(z.string()) }) },
      },
    },
    async (req, reply) => {
      const resident = identity(req, reply);
      const replies = await service.inbound.handle({
        id: req.body.id ?? randomUUID(),
        channel: 'web',
        senderKey: resident,
        content: { kind: 'text', text: req.body.text },
        receivedAt: new Date(),
      });
      return { replies: replies ?? [] };
    },
  );

  app.get(
    '/updates',
    {
      schema: {
        querystring: z.object({ after: strictInt(0, Number.MAX_SAFE_INTEGER).default(0) }),
        response: { 200: z.object({ updates: z.array(z.object({ id: z.number(), text: z.string(), at: z.string() })) }) },
      },
    },
    async (req, reply) => {
      const resident = known(req, reply);
      if (!resident) return { updates: [] };
      const person = await service.db.resident.findUnique({ where: { channel_channelKey: { channel: 'web', channelKey: resident } }, select: { id: true } });
      if (!person) return { updates: [] };
      const rows = await service.db.outboxMessage.findMany({
        where: { status: 'SENT', recipientKind: 'RESIDENT', recipientId: person.id, id: { gt: BigInt(req.query.after) } },
        orderBy: { id: 'asc' },
        take: 100,
        select: { id: true, text: true, sentAt: true },
      });
      return { updates: rows.map((r) => ({ id: Number(r.id), text: r.text, at: (r.sentAt ?? new Date()).toISOString() })) };
    },
  );
};
