import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { startTestService, uniqueKey, type TestService } from './test-service';
import { scratchDb } from './scratch-db';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

/**
 * The Open311 tests' set-up: the service on a database of its own (the generated requests file
 * hundreds of cases, and the lists asserted must not meet other files' cases), an app whose reads
 * need an api_key (the default) and one with OPEN311_PUBLIC_READS on, two client keys and a
 * supervisor's admin token.
 */
export type Open311Harness = {
  service: TestService;
  app: FastifyInstance;
  publicApp: FastifyInstance;
  apiKey: string;
  otherKey: string;
  adminToken: string;
  supervisorId: number;
  /** A valid report from the first client, with a description no other test uses. */
  report(fields?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
};

export async function startOpen311Harness(tag: string): Promise<Open311Harness> {
  const scratch = await scratchDb(tag);
  const service = await startTestService({ DATABASE_URL: scratch.url });
  // Own rate-limit counters, high enough for generated requests (other test files share 127.0.0.1's).
  const limits = () => ({ rateLimitPerMinute: 100_000, rateLimitNamespace: `o311-${uniqueKey('n')}:` });
  const app = await buildApp({ service, logger: service.logger, ...limits() });
  const publicApp = await buildApp({ service: { ...service, open311: { ...service.open311, publicReads: true } }, logger: service.logger, ...limits() });
  const apiKey = await issueApiToken(service.db, { kind: 'OPEN311', label: '12345 hotline' });
  const otherKey = await issueApiToken(service.db, { kind: 'OPEN311', label: 'another client' });
  const supervisorId = (await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } })).id;
  const adminToken = await issueApiToken(service.db, { kind: 'CADRE', cadreId: supervisorId, label: 'supervisor' });
  return {
    service, app, publicApp, apiKey, otherKey, adminToken, supervisorId,
    report: (fields = {}) => ({
      api_key: apiKey, service_code: 'DRAINAGE', description: `阴沟堵塞，污水外流${uniqueKey('d')}`, address_string: '向阳社区花园路1栋', ...fields,
    }),
    async close() {
      await app.close();
      await publicApp.close();
      await service.close();
      await scratch.drop();
    },
  };
}

export const withKey = (url: string, key: string) => `${url}${url.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(key)}`;
export const form = (fields: Record<string, string>, url = '/open311/v2/requests.json') => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});
export const idOf = (res: { json(): unknown }) => (res.json() as { service_request_id: string }[])[0]!.service_request_id;

/** Any character XML 1.0 does not allow (a strict parser refuses the document). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
export function expectWellFormedXml(body: string) {
  expect(XMLValidator.validate(body)).toBe(true);
  expect(body).not.toMatch(NOT_XML_CHAR);
}
/** An Open311 error list, in JSON or in XML. */
export function expectOpen311Error(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, format: 'json' | 'xml' = 'json') {
  expect(res.statusCode).toBe(status);
  if (format === 'json') {
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const list = JSON.parse(res.body);
    expect(list).toEqual([{ code: status, description: expect.any(String) }]);
  } else {
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    expectWellFormedXml(res.body);
    const parsed = new XMLParser().parse(res.body);
    expect(parsed.errors.error).toEqual({ code: status, description: expect.any(String) });
  }
  // Nothing of the database: no Postgres code, no Prisma message. A code counts as a word of its own:
  // a generated id echoed in a 404 (service_request_id -24784723505e47 not found) holds 23505 by chance.
  expect(res.body).not.toMatch(/\b(22021|22P05|23505|P20\d\d)\b|invalid byte sequence|prisma|postgres|constraint/i);
}

/** Seven or more digits (a phone, ID or card number), also full-width or split by spaces and dashes. */
export const LONG_DIGITS = /[0-9\uFF10-\uFF19](?:[\s-]?[0-9\uFF10-\uFF19]){6,}/;
/** A body without its case numbers and W3C times, the only long digit runs it may hold. */
export const withoutIdsAndTimes = (body: string) => body.replace(new RegExp(`${CASE_NUMBER_IN_TEXT.source}|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}`, 'g'), '');
