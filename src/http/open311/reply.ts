import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { open311Schemas as S } from '../schemas/open311';
import { toXml } from './representation';

/** Every Open311 answer is JSON or XML, chosen by the path's extension. */
export type Format = 'json' | 'xml';

/** A refusal in the spec's words: a status and a description the client may show. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** "requests.json" → ["requests", "json"]; anything else is not a route of ours. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.*)\.(json|xml)$/s.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

/** The format a URL asks for, for answers given before a route ran (bad body, unknown path, 429). */
export function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0] ?? '') ? 'xml' : 'json';
}

/**
 * Sends rows as the spec's list (JSON array, or a root element holding one element per row).
 * The shape is part of the contract with other systems: a drift fails loudly here.
 */
export function send(reply: FastifyReply, format: Format, status: number, schema: z.ZodType, root: string, item: string, rows: Record<string, unknown>[]) {
  for (const row of rows) {
    const checked = schema.safeParse(row);
    if (!checked.success) throw new Error(`Open311 response does not match the spec: ${checked.error.message}`);
  }
  if (format === 'xml') return reply.status(status).type('application/xml; charset=utf-8').send(toXml(root, item, rows));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(rows));
}

export function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, status, S.error, 'errors', 'error', [{ code: status, description }]);
}

/**
 * Every error under /open311 is an Open311 error list, in XML for .xml paths: a malformed or
 * oversized body, an unsupported content type, a rate limit, an unknown path. A 5xx says
 * nothing but "internal error" (no database code or message reaches a client).
 */
export function useOpen311Errors(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const format = formatOfUrl(req.url);
    if (err instanceof Open311Error) return sendError(reply, format, err.status, err.message);
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      logger.error('open311 error', { method: req.method, url: req.url.split('?')[0], err });
      return sendError(reply, format, 500, 'internal error');
    }
    return sendError(reply, format, status, describeClientError(err));
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, formatOfUrl(req.url), 404, 'no such resource; see services.json'));
}

/** Fastify's own refusals, in words a client developer can act on. */
function describeClientError(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'content type not supported: send application/x-www-form-urlencoded or application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body too large';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'the body is not valid JSON';
    default:
      if (err instanceof SyntaxError) return 'the body is not valid JSON';
      return err.statusCode === 429 ? 'too many requests; slow down' : 'bad request';
  }
}
