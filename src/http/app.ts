import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Service } from '../service';
import type { Logger } from '../logging/logger';
import { healthRoutes } from './routes/health';
import { open311Routes } from './routes/open311';
import { formatOfUrl, sendError } from './open311/reply';
import { adminRoutes } from './routes/admin';
import { chatRoutes } from '../channels/web/chat-routes';
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
  /** Where residents reach this server (bond cards' QR links); PUBLIC_BASE_URL. Cookies are Secure when it is https. */
  publicBaseUrl?: string;
  /** TRUST_PROXY: the proxies whose X-Forwarded-For/-Proto are believed (addresses or CIDRs); none by default. */
  trustProxy?: string[] | false;
  /** ATTACHMENTS_DIR: where photos sent in the web chat are kept, as WeChat's pictures are. */
  attachmentsDir?: string;
  /** What /metrics serves; unset, this process's registry (an HTTP worker serves the whole cluster's). */
  metrics?: () => Promise<string>;
};

/** Requests are small forms and JSON; anything bigger is refused (413) before it is read. */
export const BODY_LIMIT = 64 * 1024;

/**
 * A URL Fastify cannot route (bad percent-encoding, a path segment over 100 characters) is
 * refused before any route or error handler runs: answered here in the API's own error format
 * (Open311's error list under /open311), without echoing the URL (it may hold an api_key).
 */
function urlErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const status = typeof err.statusCode === 'number' && err.statusCode < 500 ? err.statusCode : 400;
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : 'the URL is not valid';
  if (req.url.startsWith('/open311/')) return sendError(reply, formatOfUrl(req.url), status, message);
  return reply.status(status).send({ error: { code: err.code ?? 'bad_url', message } });
}

/**
 * The HTTP side as a Fastify app (no listening: server.ts does that, tests use inject). Every
 * route validates with zod; business rules stay in cases/, shared with the bot and the jobs.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  // Only listed proxies may say who the client is: otherwise any X-Forwarded-For would pick its own rate-limit bucket.
  const trustProxy = opts.trustProxy && opts.trustProxy.length ? opts.trustProxy : false;
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, trustProxy, frameworkErrors: urlErrors });
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
    ...opts.service.stores.httpRateLimit,
    nameSpace: opts.rateLimitNamespace ?? 'http-rate:',
    // Redis down: let requests through rather than fail them all with 500; the handlers say what they can.
    skipOnError: true,
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const detail = err.validation.map((v) => `${v.instancePath || 'request'} ${v.message ?? ''}`.trim()).join('; ');
      return reply.status(400).send({ error: { code: 'invalid_request', message: detail } });
    }
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode <= 599 ? err.statusCode : 500;
    if (status >= 500) {
      opts.logger.error('http error', { method: req.method, url: req.url, err });
      // Nothing of the cause (a PostgreSQL code or message, a stack) leaves the server.
      return reply.status(status).send({ error: { code: 'internal_error', message: 'internal error' } });
    }
    // Fastify's own codes (FST_ERR_CTP_BODY_TOO_LARGE …) say what went wrong.
    return reply.status(status).send({ error: { code: err.code ?? 'error', message: err.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));

  const publicBaseUrl = opts.publicBaseUrl ?? 'http://localhost:3000';
  // Secure exactly when the public address is https: never from a request header a client can write.
  const secureCookies = publicBaseUrl.startsWith('https://');
  const secret = await chatSecret(opts.service.db, opts.chatSecret);
  // One signing key for the web chat's and the dashboard's cookies.
  await app.register(cookie, { secret });

  await app.register(healthRoutes, { service: opts.service, wechatState: opts.wechatState ?? (() => 'not-running'), metrics: opts.metrics });
  await app.register(open311Routes, { prefix: '/open311/v2', service: opts.service, clock: opts.clock ?? (() => new Date()), logger: opts.logger });
  const attachmentsDir = opts.attachmentsDir ?? 'data/attachments';
  await app.register(chatRoutes, { prefix: '/chat', service: opts.service, secret, secureCookies, attachmentsDir, logger: opts.logger });
  await app.register(adminRoutes, { prefix: '/admin', service: opts.service, clock: opts.clock ?? (() => new Date()) });
  // The WeChat Official Account's callbacks, when the account is configured.
  const officialAccount = opts.service.officialAccount;
  if (officialAccount) await app.register(officialAccountRoutes, { prefix: '/wechat/official-account', callback: officialAccount.callback, logger: opts.logger });
  await app.register(dashboardRoutes, { service: opts.service, logger: opts.logger, secret, clock: opts.clock ?? (() => new Date()), publicBaseUrl, secureCookies, attachmentsDir });
  return app;
}
