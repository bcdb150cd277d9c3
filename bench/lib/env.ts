import { Writable } from 'node:stream';
import path from 'node:path';
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../src/config/env';
import { createLogger, type Logger } from '../../src/logging/logger';

// Wechaty reads its log level when first imported (the mock puppet warns about every alias).
process.env.WECHATY_LOG ??= 'silent';

export const PG_SERVER = process.env.BENCH_PG_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Compiled to bench/dist/bench/lib/. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export const dbUrl = (name: string) => `${PG_SERVER}/${name}`;

/**
 * The bench is compiled to bench/dist/, one level deeper than dist/: src/ finds prisma/migrations
 * and data/ relative to its own folder, so those are linked into bench/dist/.
 */
export function linkRepoData(): void {
  const out = path.resolve(__dirname, '../..');
  mkdirSync(out, { recursive: true });
  for (const dir of ['prisma', 'data']) {
    const link = path.join(out, dir);
    const target = path.join(REPO_ROOT, dir);
    let current: string | null = null;
    try {
      current = readlinkSync(link);
    } catch {
      current = null;
    }
    if (current === target) continue;
    rmSync(link, { force: true });
    symlinkSync(target, link, 'dir');
  }
}

/** Runs SQL against the server's maintenance database (CREATE / DROP DATABASE). */
export async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function recreateDatabase(name: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

export async function databaseExists(name: string): Promise<boolean> {
  return admin(async (c) => ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0);
}

/** Production-like logging (JSON, info, masked) written nowhere: its cost counts, its output does not. */
export function benchLogger(level = 'info'): Logger {
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  return createLogger({ level, format: 'json', stream: sink });
}

/** The service's configuration for a bench database and a Redis prefix of its own. */
export function benchConfig(database: string, redisPrefix: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl(database),
    REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    DISTRICT_FILE: path.join(REPO_ROOT, 'data/districts/gongjing.json'),
    QUIET_HOURS: 'off',
    // For comparing pool sizes in the same minute (BENCH_DB_POOL_SIZE=20 npm run bench …).
    ...(process.env.BENCH_DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE } : {}),
    ...overrides,
  });
}
