import { createHmac } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import csrf from '@fastify/csrf-protection';
import { z } from 'zod';
import type { Service } from '../../service';
import type { Logger } from '../../logging/logger';
import { callerForToken, callerForTokenId } from '../../access/api-tokens';
import type { Viewer } from '../../cases/case-visibility';
import { dashboardTexts as t, deskSafetyTexts as safety } from '../../messages/zh-CN';
import { page, deskCss, type Nav } from '../web/dashboard/layout';
import { signInPage } from '../web/dashboard/pages';
import { DESK_COOKIE, DESK_SESSION_HOURS, deskSessions, type DeskSession } from '../web/dashboard/session';
import { type Html, html } from '../web/html';
import { cleanRequestText } from '../clean-request';

/** Who is at the desk: their session, what they may see, and their name for the header. */
export type Desk = { session: DeskSession; viewer: Viewer; name: string };
declare module 'fastify' {
  interface FastifyRequest {
    desk?: Desk;
  }
}

/** The sign-in form's anti-forgery token is bound to this instead of a session (there is none yet). */
const SIGN_IN = 'signin';
const CSRF_ERRORS = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

/**
 * The dashboard's door, set up inside the dashboard's plugin: sign-in and sign-out, the session
 * check before every page (a record on the server, see session.ts, that sign-out, revoking the
 * token and expiry all end), the anti-forgery token every form carries (@fastify/csrf-protection,
 * the sign-in form included), and the kind page any error becomes. Returns how pages are sent.
 */
export async function deskDoor(
  app: FastifyInstance,
  { service, logger, secret, clock, secureCookies }: { service: Service; logger: Logger; secret: string; clock: () => Date; secureCookies: boolean },
) {
  const { db } = service;
  const sessions = deskSessions(service.stores.sessions, clock);
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies } as const;

  // The secret behind the form tokens lives in its own signed cookie; each token is also bound to
  // the session id, so a new session (after signing out and in) makes every older form stale.
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { ...cookieOpts, signed: true },
    getToken: (req) => (req.body as Record<string, unknown> | undefined)?._form as string | undefined,
    getUserInfo: (req) => req.desk?.session.id ?? SIGN_IN,
    csrfOpts: { hmacKey: createHmac('sha256', secret).update('desk-form-tokens').digest() },
  });
  const formToken = (reply: FastifyReply, desk?: Desk) => reply.generateCsrf({ userInfo: desk?.session.id ?? SIGN_IN });

  const send = (reply: FastifyReply, status: number, title: string, nav: Nav, body: Html, desk?: Desk, flash?: { kind: 'ok' | 'error'; text: string } | null) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page({ title, nav, signedInAs: desk?.name, formToken: desk ? formToken(reply, desk) : undefined, flash }, body));
  const message = (reply: FastifyReply, status: number, text: string, desk?: Desk) =>
    send(reply, status, text, desk ? 'ledger' : null, html``, desk, { kind: 'error', text });

  const signInForm = (reply: FastifyReply, status: number, error: string | null) =>
    send(reply, status, t.signIn.heading, null, signInPage(error, formToken(reply)));

  /** The session id in the cookie, if the cookie is exactly what we signed (nothing added, nothing changed). */
  const sessionIdOf = (req: FastifyRequest): string | null => {
    const raw = req.cookies[DESK_COOKIE];
    if (!raw) return null;
    const unsigned = req.unsignCookie(raw);
    return unsigned.valid ? unsigned.value : null;
  };

  const signedIn = async (req: FastifyRequest): Promise<Desk | null> => {
    const session = await sessions.find(sessionIdOf(req));
    if (!session) return null;
    const caller = await callerForTokenId(db, session.tokenId);
    if (!caller || caller.kind !== 'CADRE') {
      // The token was revoked or the cadre retired: the session ends with it.
      await sessions.end(session.id);
      return null;
    }
    const cadre = await db.cadre.findUnique({ where: { id: caller.cadreId }, select: { name: true } });
    return { session, viewer: caller, name: cadre?.name ?? '' };
  };

  // Form fields and filters are cleaned (NUL, controls, lone surrogates) before anything reads them.
  app.addHook('preValidation', cleanRequestText);
  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path === '/signin' || path.startsWith('/assets/')) return;
    const desk = await signedIn(req);
    if (!desk) {
      if (req.method === 'GET') return reply.redirect('/signin', 303);
      return message(reply, 403, t.forbidden);
    }
    req.desk = desk;
  });
  // Every POST, sign-in included, carries the form token of this browser's session (or sign-in
  // form): a page on another site can neither act for the cadre nor sign the browser in.
  app.addHook('preHandler', (req, reply, done) => (req.method === 'POST' ? app.csrfProtection(req, reply, done) : done()));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (CSRF_ERRORS.has(err.code)) {
      if (req.url.split('?')[0] === '/signin') return signInForm(reply, 403, safety.signInStale);
      return message(reply, 403, t.staleForm, req.desk);
    }
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode <= 599 ? err.statusCode : 500;
    if (status >= 500) logger.error('dashboard error', { method: req.method, url: req.url, err });
    // A page that says kindly what happened; nothing of the cause leaves the server.
    const text = status === 429 ? safety.tooMany : status >= 500 ? safety.failed : t.badRequest;
    return message(reply, status, text, req.desk);
  });

  app.get('/assets/desk.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(deskCss));

  app.get('/signin', async (req, reply) => {
    if (await signedIn(req)) return reply.redirect('/ledger', 303);
    return signInForm(reply, 200, null);
  });

  app.post('/signin', async (req, reply) => {
    const body = z.object({ token: z.string().trim().min(1).max(200) }).safeParse(req.body);
    const caller = body.success ? await callerForToken(db, body.data.token) : null;
    // A form shown again with what to fix is a 200, as browsers expect (a 4xx is logged as a page error).
    if (!caller || caller.kind !== 'CADRE') return signInForm(reply, 200, t.signIn.wrong);
    // A browser signing in again leaves no older session of its own behind.
    const previous = sessionIdOf(req);
    if (previous) await sessions.end(previous);
    const session = await sessions.start(caller.tokenId);
    void reply.setCookie(DESK_COOKIE, session.id, { ...cookieOpts, signed: true, maxAge: DESK_SESSION_HOURS * 3600 });
    return reply.redirect('/ledger', 303);
  });

  app.post('/signout', async (req, reply) => {
    await sessions.end(req.desk!.session.id);
    void reply.clearCookie(DESK_COOKIE, cookieOpts);
    return reply.redirect('/signin', 303);
  });

  return { send, message, formToken };
}
