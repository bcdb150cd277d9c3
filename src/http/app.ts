import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Service } from '../service';
import type { Logger } from '../logging/logger';
import { healthRoutes } from './routes/health';
import { open311Routes } from './routes/open311';
import { adminRoutes } from './routes/admin';
import { chatRoutes } from './routes/chat';
import { dashboardRoutes } from './routes/dashboard';
import { chatSecret } from '../channels/web/chat-identity';
import { officialAccountRoutes } from '../channels/official-account/route';

export type AppOptions = {
  service: Service;
  logger: Logger;
  /** The WeChat login as the bot process sees it ("not-running" in a process without the bot role). */
  wechatState?: () => 'logged-in' | 'logged-out' | 'not-running';
  rateLimitPerMinute?: number;
  /** CHAT_COOKIE_SECRET; unset, one is made and kept in the database. */
  chatSecret?: string;
  /** Keeps separate apps (tests) from sharing counters. */
  rateLimitNamespace?: string;
  clock?: () => Date;
  /** Where residents reach this server (bond cards' QR links); PUBLIC_BASE_URL. */
  publicBaseUrl?: string;
};

/** Requests are small forms and JSON; anything bigger is refused (413) before it is read. */
export const BODY_LIMIT = 64 * 1024;

/**
 * The HTTP side as a Fastify app (no listening: server.ts does that, tests use inject). Every
 * route validates with zod; business rules stay in cases/, shared with the bot and the jobs.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, trustProxy: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Open311 clients post classic HTML forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  await app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } });
  await app.register(rateLimit, {
    max: opts.rateLimitPerMinute ?? 300,
    timeWindow: 60_000,
    // Shared across instances through Redis; in embedded mode the plugin's own memory store.
    ...(opts.service.sharedStore ? { redis: opts.service.redis } : {}),
    nameSpace: opts.rateLimitNamespace ?? 'http-rate:',
    // Redis down: let requests through rather than fail them all with 500; the handlers say what they can.
    skipOnError: true,
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const detail = err.validation.map((v) => `${v.instancePath || 'request'} ${v.message ?? ''}`.trim()).join('; ');
      return reply.status(400).send({ error: { code: 'invalid_request', message: detail } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) opts.logger.error('http error', { method: req.method, url: req.url, err });
    // Fastify's own codes (FST_ERR_CTP_BODY_TOO_LARGE …) say what went wrong; a 500 says nothing more.
    return reply.status(status).send({ error: { code: err.code ?? 'error', message: status >= 500 ? 'internal error' : err.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));

  await app.register(healthRoutes, { service: opts.service, wechatState: opts.wechatState ?? (() => 'not-running') });
  await app.register(open311Routes, { prefix: '/open311/v2', service: opts.service, clock: opts.clock ?? (() => new Date()) });
  const secret = await chatSecret(opts.service.db, opts.chatSecret);
  await app.register(chatRoutes, { prefix: '/chat', service: opts.service, secret });
  await app.register(adminRoutes, { prefix: '/admin', service: opts.service, clock: opts.clock ?? (() => new Date()) });
  // The WeChat Official Account's callbacks, when the account is configured.
  const officialAccount = opts.service.officialAccount;
  if (officialAccount) await app.register(officialAccountRoutes, { prefix: '/wechat/official-account', callback: officialAccount.callback, logger: opts.logger });
  await app.register(dashboardRoutes, { service: opts.service, secret, clock: opts.clock ?? (() => new Date()), publicBaseUrl: opts.publicBaseUrl ?? 'http://localhost:3000' });
  return app;
}
