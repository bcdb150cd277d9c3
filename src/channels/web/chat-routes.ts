import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Service } from '../../service';
import type { Logger } from '../../logging/logger';
import { cleanRequestText } from '../../http/clean-request';
import { strictInt } from '../../http/schemas/strict';
import { chatPageHtml } from './chat-page';
import { chatJs } from './chat-script';
import { chatCss } from './chat-style';
import { createChatHistory } from './chat-history';
import { createWebChat, type WebChat } from './web-chat';
import { normaliseBondCardCode } from '../../cards/bond-card-code';
import { chatVisitors } from './chat-visitor';
import { chatPhotoRoutes } from './chat-photos';
import { escapeHtml } from '../../http/web/html';

const choiceSchema = z.object({ label: z.string(), reply: z.string() });
const answerSchema = z.object({ replies: z.array(z.string()), choices: z.array(choiceSchema) });

type ChatOptions = { service: Service; secret: string; secureCookies: boolean; attachmentsDir: string; logger: Logger };

/**
 * The web chat (/chat): the same dialogue as WeChat through the same router, for residents who
 * come from an official account's menu. Identity is a signed cookie; replies come back at once
 * with the choices the dialogue offers next (buttons on the page), the recent exchange is kept
 * for the page to redraw on load, and notices (assigned, progress, resolved, updates) wait in
 * the outbox for the page to fetch. Photos go to /chat/photos (chat-photos.ts).
 */
export const chatRoutes: FastifyPluginAsync<ChatOptions> = async (app, opts) => {
  const visitors = chatVisitors(opts.secret, opts.secureCookies);
  const history = createChatHistory(opts.service.stores.sessions);
  const webChat = createWebChat({ inbound: opts.service.inbound, history, logger: opts.logger });
  await app.register(chatTextRoutes, { service: opts.service, visitors, history, webChat });
  // Its own scope: a photo's bytes are not text, so the text cleaning above never walks them.
  await app.register(chatPhotoRoutes, { visitors, webChat, attachmentsDir: opts.attachmentsDir });
};

type TextOptions = { service: Service; visitors: ReturnType<typeof chatVisitors>; history: ReturnType<typeof createChatHistory>; webChat: WebChat };

const chatTextRoutes: FastifyPluginAsync<TextOptions> = async (plain, { service, visitors, history, webChat }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // What residents type is cleaned (NUL, controls, lone surrogates) before the dialogue sees it.
  app.addHook('preValidation', cleanRequestText);

  // Opened from a bond card's QR code (/chat?card=<code>): the card is presented for the resident,
  // and the bot's answer (the privacy notice first, for someone new) is on the page when it opens.
  app.get('/', { schema: { querystring: z.object({ card: z.string().max(40).optional() }) } }, async (req, reply) => {
    const code = req.query.card ? normaliseBondCardCode(req.query.card) : null;
    if (!code) return reply.type('text/html; charset=utf-8').send(chatPageHtml);
    const resident = visitors.identity(req, reply);
    const text = `连心卡 ${code}`;
    const { replies } = await webChat(resident, `card-${code}-${resident}`, { kind: 'text', text }, text);
    const said = replies.map((r) => `<p class="bot">${escapeHtml(r)}</p>`).join('');
    return reply.type('text/html; charset=utf-8').send(chatPageHtml.replace('</main>', `${said}</main>`));
  });
  app.get('/chat.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(chatJs));
  app.get('/chat.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(chatCss));

  app.post(
    '/messages',
    {
      schema: {
        body: z.strictObject({
          text: z.string().min(1).max(2000),
          id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional(),
          /** A tapped button's label, shown as the resident's bubble when the page is redrawn. */
          label: z.string().min(1).max(100).optional(),
        }),
        response: { 200: answerSchema },
      },
    },
    async (req, reply) => {
      const resident = visitors.identity(req, reply);
      return webChat(resident, req.body.id ?? randomUUID(), { kind: 'text', text: req.body.text }, req.body.label ?? req.body.text);
    },
  );

  // The recent exchange of this cookie's resident (never anyone else's), for the page to redraw.
  app.get(
    '/history',
    { schema: { response: { 200: z.object({ lines: z.array(z.object({ who: z.enum(['me', 'bot']), text: z.string(), at: z.string() })), choices: z.array(choiceSchema) }) } } },
    async (req, reply) => {
      const resident = visitors.known(req, reply);
      if (!resident) return { lines: [], choices: [] };
      return history.read(resident);
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
      const resident = visitors.known(req, reply);
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
