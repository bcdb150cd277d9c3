import type { FileCaseInput } from '../../src/cases/file-case';
import { PassThrough } from 'node:stream';
import { loadConfig, type Config } from '../../src/config/env';
import { createLogger, type Logger } from '../../src/logging/logger';
import { startService, type Service, type ServiceOptions } from '../../src/service';

export type TestService = Service & { config: Config; logger: Logger; logLines: () => string[] };

/** The real service against this run's database and Redis prefix (see global-setup.ts). */
export async function startTestService(
  overrides: Record<string, string> = {},
  opts: ServiceOptions = {},
): Promise<TestService> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'debug', ...overrides });
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const logger = createLogger({ level: 'debug', format: 'json', stream });
  const service = await startService(config, logger, opts);
  return { ...service, config, logger, logLines: () => lines };
}

let counter = 0;
/** A sender key no other test (or earlier run) uses. */
export function uniqueKey(tag: string): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A resident's confirmed report as the case service receives it: a fresh resident and message each time. */
export function filingInput(overrides: Partial<FileCaseInput> = {}): FileCaseInput {
  return {
    channel: 'wechat',
    residentKey: uniqueKey('resident'),
    confirmMessageId: uniqueKey('msg'),
    description: '小区没有化粪池，阴沟堵塞，污水外流',
    categoryCode: 'DRAINAGE',
    areaCode: 'GJ-XX-XY',
    locationText: '花园路1栋',
    households: 56,
    priority: 'SERIOUS',
    phone: '13812345678',
    classifierWords: ['阴沟', '污水外流'],
    attachments: [],
    at: new Date('2026-02-26T02:00:00Z'),
    ...overrides,
  };
}

/** A case filed straight through the case service (no conversation), by a resident of its own. */
export function fileTestCase(
  service: Service,
  c: { areaCode: string; categoryCode: string; description: string; locationText: string; households: number },
) {
  return service.cases.fileCase(
    filingInput({ ...c, residentKey: uniqueKey('LX'), confirmMessageId: uniqueKey('m'), phone: '13912345678', classifierWords: [], at: new Date() }),
  );
}
