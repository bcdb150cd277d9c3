import Redis from 'ioredis';
import { Client } from 'pg';

/** Drops this run's database and deletes its Redis keys (or stops the embedded PostgreSQL). */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url && /lianxin_test_/.test(url)) {
    const parsed = new URL(url);
    const name = parsed.pathname.slice(1);
    parsed.pathname = '/postgres';
    const admin = new Client({ connectionString: parsed.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (prefix?.startsWith('lxtest:') && process.env.REDIS_URL?.startsWith('redis')) {
    const redis = new Redis(process.env.REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
  await globalThis.lianxinTestServices?.stop();
}
