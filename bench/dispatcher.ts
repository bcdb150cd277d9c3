import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDb } from '../src/db/client';
import { createDispatcher, type OutboundChannel } from '../src/dispatcher/dispatcher';
import { startService } from '../src/service';
import { benchConfig, benchLogger, dbUrl, recreateDatabase } from './lib/env';
import { deleteRedisPrefix } from './lib/redis-keys';
import { round } from './lib/stats';

export type DispatcherResult = { recipients: number; settings: { dispatchers: number; messages: number; sent: number; seconds: number; perSecond: number }[] };

const DB = 'lianxin_bench_dispatch';
const RECIPIENTS = 2000;

/**
 * Outbox rows claimed (FOR UPDATE SKIP LOCKED), rate-checked in Redis, "sent" through a no-op
 * channel and marked SENT, by one and by two dispatchers (each with its own connection pool, as two
 * instances would have). Rows go to 2,000 residents, a few each, so per-recipient ordering applies.
 */
export async function benchDispatcher(messages: number, log: (s: string) => void): Promise<DispatcherResult> {
  await recreateDatabase(DB);
  const prefix = `lxbench:${Date.now().toString(36)}${randomBytes(2).toString('hex')}:`;
  const service = await startService(benchConfig(DB, prefix), benchLogger());
  const result: DispatcherResult = { recipients: RECIPIENTS, settings: [] };
  const pg = new Client({ connectionString: dbUrl(DB) });
  await pg.connect();
  const extraDbs: ReturnType<typeof createDb>[] = [];
  try {
    await pg.query(`
      INSERT INTO "Resident" (channel, "channelKey", "displayName", "updatedAt")
      SELECT 'inproc', 'bench-r' || g, '居民' || g, now() FROM generate_series(1, $1::int) g`, [RECIPIENTS]);
    const noop: OutboundChannel = { send: async () => undefined };
    for (const count of [1, 2]) {
      await pg.query('TRUNCATE "OutboxMessage"');
      await pg.query(`
        INSERT INTO "OutboxMessage" (key, "recipientKind", "recipientId", kind, text, "nextAttemptAt", "createdAt")
        SELECT 'bench:' || g, 'RESIDENT', 1 + (g % $2::int), 'resident.update', '您反映的问题正在办理中，案件编号 GJ-20261127-' || lpad(g::text, 5, '0'), now() - interval '1 minute', now()
        FROM generate_series(1, $1::int) g`, [messages, RECIPIENTS]);
      await pg.query('ANALYZE "OutboxMessage"');
      const dispatchers = Array.from({ length: count }, (_, i) => {
        const db = i === 0 ? service.db : createDb(dbUrl(DB), { poolSize: 10 });
        if (i > 0) extraDbs.push(db);
        // Limits far above the run so they never defer; their Redis check still runs per message.
        return createDispatcher({ db, rates: service.stores.rates, channel: noop, logger: benchLogger(), perRecipientPerMinute: 1_000_000, globalPerMinute: 1_000_000_000, quietHours: null });
      });
      let sent = 0;
      const began = performance.now();
      await Promise.all(dispatchers.map(async (d) => {
        for (;;) {
          const r = await d.runOnce();
          sent += r.sent;
          if (r.claimed === 0) return;
        }
      }));
      const seconds = (performance.now() - began) / 1000;
      const { rows: [left] } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage" WHERE status <> 'SENT'`);
      if (Number(left!.n) > 0) log(`  dispatcher: ${left!.n} rows not SENT after the run`);
      result.settings.push({ dispatchers: count, messages, sent, seconds: round(seconds, 2), perSecond: round(sent / seconds, 0) });
      log(`  ${count} dispatcher(s): ${sent} sent in ${round(seconds, 2)} s`);
    }
    return result;
  } finally {
    await pg.end();
    await Promise.all(extraDbs.map((d) => d.$disconnect()));
    await service.close();
    await deleteRedisPrefix(prefix);
  }
}
