import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/logging/logger';
import { startService } from '../../src/service';
import { buildApp } from '../../src/http/app';
import { openStores } from '../../src/stores/open-stores';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { Client } from 'pg';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

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
      caseNumber = CASE_NUMBER_IN_TEXT.exec(last?.join('') ?? '')?.[0] ?? '';
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

describe('the embedded database socket', () => {
  it('keeps each connection’s queries to itself when several run at once (parameters, statements, transactions)', async () => {
    const embedded = await startEmbeddedPostgres('memory://');
    const clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const c = new Client({ connectionString: embedded.url });
        await c.connect();
        return c;
      }),
    );
    try {
      await clients[0]!.query('CREATE TABLE t (k text, n int)');
      const rounds = await Promise.all(
        clients.map(async (c, who) => {
          const seen: string[] = [];
          for (let i = 0; i < 40; i++) {
            // Different shapes on each connection: a mixed-up Bind fails or answers another's value.
            const { rows } = who === 1 ? await c.query('SELECT $1::int + 0 AS v', [i]) : await c.query('SELECT $1::text || $2::text AS v', [`c${who}-`, String(i)]);
            seen.push(String(rows[0].v));
            await c.query('BEGIN');
            await c.query('INSERT INTO t VALUES ($1, $2)', [`c${who}`, i]);
            await c.query(i % 2 ? 'ROLLBACK' : 'COMMIT');
          }
          return seen;
        }),
      );
      expect(rounds[0]).toEqual(Array.from({ length: 40 }, (_, i) => `c0-${i}`));
      expect(rounds[1]).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
      expect(rounds[2]).toEqual(Array.from({ length: 40 }, (_, i) => `c2-${i}`));
      const { rows } = await clients[0]!.query('SELECT k, count(*)::int AS n FROM t GROUP BY k ORDER BY k');
      expect(rows).toEqual([{ k: 'c0', n: 20 }, { k: 'c1', n: 20 }, { k: 'c2', n: 20 }]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await embedded.stop();
    }
  }, 60_000);
});

// The in-process stores' behaviour is held to the Redis one's in store-contract.test.ts.
describe('the in-process store', () => {
  it('is one store per memory:// name in a process, so a test and the service it starts share it; prefixes keep clients apart', async () => {
    const a = openStores('memory://shared-test', 'one:');
    const b = openStores('memory://shared-test', 'one:');
    const other = openStores('memory://shared-test', 'two:');
    const elsewhere = openStores('memory://another', 'one:');
    await a.sessions.put('k', 'v', 60_000);
    expect(await b.sessions.get('k')).toBe('v');
    expect(await other.sessions.get('k')).toBeNull();
    expect(await elsewhere.sessions.get('k')).toBeNull();
    expect(a.shared).toBe(false);
    expect(loadConfig({ REDIS_URL: 'memory://shared-test' }).REDIS_URL).toBe('memory://shared-test');
    await Promise.all([a, b, other, elsewhere].map((r) => r.close()));
  });
});
