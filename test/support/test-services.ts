import Redis from 'ioredis';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded';

/**
 * What `npm test` runs against, found out once per run in jest's main process:
 * TEST_DATABASE_URL / TEST_REDIS_URL when set (used as given); else the local servers
 * (TEST_PG_SERVER, TEST_REDIS_SERVER; default 127.0.0.1:5432 and :6379) if they answer; else
 * the embedded PostgreSQL (PGlite, served on a loopback socket from this process, as `npm start`
 * serves it) and the in-process store (`memory://`, shared within each test process).
 * LIANXIN_TEST_SERVICES=embedded forces the embedded pair; =servers requires the real ones.
 */
export type TestServices = {
  /** postgresql://user@host:port, without a database: each run (and scratchDb) makes its own. */
  pgServer: string;
  redisUrl: string;
  embeddedDatabase: boolean;
  inProcessStore: boolean;
  describe(): string;
  stop(): Promise<void>;
};

const LOCAL_PG = 'postgresql://postgres@127.0.0.1:5432';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';
/** Room for every test file's services and pools at once (PGlite runs one query at a time anyway). */
export const TEST_EMBEDDED_CONNECTIONS = 200;

async function postgresAnswers(server: string): Promise<boolean> {
  const client = new Client({ connectionString: `${server}/postgres`, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A server URL from TEST_DATABASE_URL (its database, if any, is only where it was written down). */
function serverOf(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '';
  parsed.search = '';
  return parsed.toString().replace(/\/$/, '');
}

export async function chooseTestServices(env: NodeJS.ProcessEnv = process.env): Promise<TestServices> {
  const wanted = env.LIANXIN_TEST_SERVICES ?? 'auto';
  if (!['auto', 'embedded', 'servers'].includes(wanted)) throw new Error(`LIANXIN_TEST_SERVICES must be embedded or servers (or unset), not "${wanted}"`);
  const forced = wanted === 'embedded';
  const pgCandidate = env.TEST_DATABASE_URL ? serverOf(env.TEST_DATABASE_URL) : (env.TEST_PG_SERVER ?? LOCAL_PG);
  const redisCandidate = env.TEST_REDIS_URL ?? env.TEST_REDIS_SERVER ?? LOCAL_REDIS;
  const [pgUp, redisUp] = forced ? [false, false] : await Promise.all([postgresAnswers(pgCandidate), redisAnswers(redisCandidate)]);

  const missing: string[] = [];
  if (!forced && !pgUp && (env.TEST_DATABASE_URL || wanted === 'servers')) missing.push(`PostgreSQL at ${pgCandidate}`);
  if (!forced && !redisUp && (env.TEST_REDIS_URL || wanted === 'servers')) missing.push(`Redis at ${redisCandidate}`);
  if (missing.length) throw new Error(`these tests need real servers and ${missing.join(' and ')} did not answer`);

  let embedded: EmbeddedPostgres | null = null;
  if (!pgUp) embedded = await startEmbeddedPostgres('memory://', { maxConnections: TEST_EMBEDDED_CONNECTIONS });
  const redisUrl = redisUp ? redisCandidate : 'memory://lxtest';
  return {
    pgServer: embedded ? `postgresql://postgres@127.0.0.1:${embedded.port}` : pgCandidate,
    redisUrl,
    embeddedDatabase: Boolean(embedded),
    inProcessStore: !redisUp,
    describe: () => {
      const database = embedded ? `the embedded PostgreSQL (PGlite in memory, served on 127.0.0.1:${embedded.port})` : `PostgreSQL at ${pgCandidate}`;
      const store = redisUp ? `Redis at ${redisCandidate}` : 'the in-process store';
      const dead = [!forced && !pgUp ? pgCandidate : '', !forced && !redisUp ? redisCandidate : ''].filter(Boolean);
      const why = forced ? ', as LIANXIN_TEST_SERVICES=embedded asks' : dead.length ? ` (nothing answered at ${dead.join(' or ')})` : '';
      return `${database} and ${store}${why}`;
    },
    stop: async () => {
      await embedded?.stop();
    },
  };
}
