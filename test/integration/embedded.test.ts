import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/logging/logger';
import { startService } from '../../src/service';
import { buildApp } from '../../src/http/app';
import { MemoryRedis } from '../../src/redis/memory-redis';
import { createRedis } from '../../src/redis/client';

/** Neither PostgreSQL nor Redis named: the embedded, single-instance default. */
function embeddedConfig(dir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_DATA_DIR: dir, LOG_LEVEL: "info" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return loadConfig(env);
}

function captureLogger() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (c: Buffer) => lines.push(c.toString()));
  return { logger: createLogger({ format: 'json', stream }), lines };
}

describe('the embedded default', () => {
  it('comes up with no DATABASE_URL and no REDIS_URL, seeds the district, files a case, and keeps it across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lx-embedded-'));
    const { logger, lines } = captureLogger();
    let service = await startService(embeddedConfig(dir), logger);
    let caseNumber = '';
    try {
      expect(lines.join('')).toMatch(/single-instance embedded mode/);
      expect(await service.db.area.count()).toBeGreaterThanOrEqual(9);
      const say = (id: string, text: string) =>
        service.inbound.handle({ id, channel: 'web', senderKey: 'newcomer', content: { kind: 'text', text }, receivedAt: new Date() });
      const script = ['阴沟堵塞，污水外流', '同意', '是', '向阳社区花园路1栋', '56户', '是', '跳过', '确认'];
      let last: string[] | null = null;
      for (const [i, line] of script.entries()) last = await say(`m${i}`, line);
      caseNumber = /GJ-\d{8}-\d{4}/.exec(last?.join('') ?? '')?.[0] ?? '';
      expect(caseNumber).not.toBe('');
      // The same message again is recognised by the in-process store.
      expect(await say('m7', '确认')).toBeNull();
      const app = await buildApp({ service, logger });
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.json()).toMatchObject({ database: 'ok', redis: 'ok' });
      await app.close();
    } finally {
      await service.close();
    }
    service = await startService(embeddedConfig(dir), logger);
    try {
      const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { area: true } });
      expect(row).toMatchObject({ category: 'DRAINAGE', households: 56, status: 'ASSIGNED' });
      expect(row.area.name).toBe('向阳社区');
    } finally {
      await service.close();
    }
  }, 120_000);
});

describe('the in-process store', () => {
  it('keeps Redis semantics for the commands the code uses', async () => {
    const r = new MemoryRedis('p:');
    expect(await r.set('a', '1', 'PX', 50, 'NX')).toBe('OK');
    expect(await r.set('a', '2', 'PX', 50, 'NX')).toBeNull();
    expect(await r.get('a')).toBe('1');
    const res = await r.pipeline().incr('n').pexpire('n', 1000, 'NX').pexpire('n', 5, 'NX').incr('n').get('n').exec();
    expect(res).toEqual([[null, 1], [null, 1], [null, 0], [null, 2], [null, '2']]);
    expect(await r.multi().decr('n').exec()).toEqual([[null, 1]]);
    await new Promise((done) => setTimeout(done, 60));
    expect(await r.get('a')).toBeNull();
    expect(await r.set('a', '3', 'PX', 1000, 'NX')).toBe('OK');
    expect(await r.ping()).toBe('PONG');
    expect(await r.del('a', 'n', 'missing')).toBe(2);
    expect(await r.get('a')).toBeNull();
    await r.quit();
  });

  it('is one store per memory:// name in a process, so a test and the service it starts share it; prefixes keep clients apart', async () => {
    const a = createRedis('memory://shared-test', 'one:');
    const b = createRedis('memory://shared-test', 'one:');
    const other = createRedis('memory://shared-test', 'two:');
    const elsewhere = createRedis('memory://another', 'one:');
    await a.set('k', 'v');
    expect(await b.get('k')).toBe('v');
    expect(await other.get('k')).toBeNull();
    expect(await elsewhere.get('k')).toBeNull();
    expect(loadConfig({ REDIS_URL: 'memory://shared-test' }).REDIS_URL).toBe('memory://shared-test');
    await Promise.all([a, b, other, elsewhere].map((r) => r.quit()));
  });
});
