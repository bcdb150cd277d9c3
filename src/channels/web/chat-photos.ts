import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { webChatTexts as t } from '../../messages/zh-CN';
import { MAX_PHOTO_BYTES, MAX_PHOTO_MB, photoKindOf, storePhoto } from './photo';
import type { WebChat } from './web-chat';
import type { chatVisitors } from './chat-visitor';

type PhotoOptions = { visitors: ReturnType<typeof chatVisitors>; webChat: WebChat; attachmentsDir: string };

const refuse = (code: string, message: string) => ({ error: { code, message } });

/**
 * POST /chat/photos: the photo's bytes as the body (the page sends the file as it is, no form
 * encoding). Held to WeChat's limits for images; the bytes decide the type, whatever the request
 * says. A refused photo gets a kind message in the API's error format and changes nothing.
 */
export const chatPhotoRoutes: FastifyPluginAsync<PhotoOptions> = async (app, { visitors, webChat, attachmentsDir }) => {
  // Any body is read as bytes here (JSON and forms keep Fastify's own parsers and are refused below).
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(refuse('photo_too_large', t.photoTooBig(MAX_PHOTO_MB)));
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) throw err;
    return reply.status(status).send(refuse('photo_refused', t.photoWrongType));
  });

  app.post('/photos', { bodyLimit: MAX_PHOTO_BYTES }, async (req, reply) => {
    const bytes = Buffer.isBuffer(req.body) ? req.body : null;
    const kind = bytes ? photoKindOf(bytes) : null;
    if (!bytes || !kind) return reply.status(415).send(refuse('photo_wrong_type', t.photoWrongType));
    const resident = visitors.identity(req, reply);
    const id = randomUUID();
    const stored = await storePhoto(attachmentsDir, id, bytes, kind);
    return webChat(resident, id, { kind: 'image', ref: stored.ref, mime: stored.mime }, t.photoSent);
  });
};
