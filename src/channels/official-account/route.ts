import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Logger } from '../../logging/logger';
import type { Callback, CallbackAnswer } from './callback';

/**
 * /wechat/official-account: WeChat's server check (GET) and its message callbacks (POST, XML).
 * Exempt from the per-client rate limit: every resident's message comes from WeChat's few
 * servers, and only a request signed with the account's token is acted on.
 */
export const officialAccountRoutes: FastifyPluginAsync<{ callback: Callback; logger: Logger }> = async (app, { callback, logger }) => {
  // Encapsulated: the XML body parser exists for these routes only.
  for (const type of ['text/xml', 'application/xml']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }

  const send = (reply: FastifyReply, answer: CallbackAnswer) => {
    if (answer.after) {
      const after = answer.after;
      // Further replies only once WeChat has the first: they must arrive after it.
      reply.raw.once('finish', () => void after().catch((err: unknown) => logger.error('official account: follow-up replies failed', { err })));
    }
    return reply
      .status(answer.status)
      .type(answer.contentType ?? 'text/plain; charset=utf-8')
      .send(answer.body);
  };

  const noLimit = { config: { rateLimit: false } };
  app.get('/', noLimit, async (req, reply) => send(reply, callback.verify(req.query as Record<string, unknown>)));
  app.post('/', noLimit, async (req, reply) => {
    const body = typeof req.body === 'string' ? req.body : '';
    try {
      return send(reply, await callback.receive(req.query as Record<string, unknown>, body));
    } catch (err) {
      // Redis or the database unreachable: WeChat calls again (three times), which may find them back.
      logger.error('official account: callback failed', { err });
      return reply.status(503).type('text/plain; charset=utf-8').send('');
    }
  });
};
