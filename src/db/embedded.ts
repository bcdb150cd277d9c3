import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { useProtocolQueue } from './pglite-query-queue';

export type EmbeddedPostgres = { url: string; port: number; stop(): Promise<void> };

/**
 * Room for the service's pool (at most 5), a migration run, and CLI commands reaching the
 * service's database through this socket (2 each) at the same time. PGlite runs one query at a
 * time whatever the count; the socket server queues them and keeps each transaction on its own
 * connection.
 */
export const EMBEDDED_MAX_CONNECTIONS = 20;

/**
 * PostgreSQL compiled to wasm (PGlite), persisted under `dir` (or in memory for `memory://`),
 * served on a free loopback port so the very same code (pg, the migration applier, Prisma's pg
 * adapter) talks to it. The caller must own the folder (see open-database.ts).
 */
export async function startEmbeddedPostgres(dir: string, opts: { maxConnections?: number } = {}): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const inMemory = dir.startsWith('memory://');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(inMemory ? dir : path.resolve(dir));
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: opts.maxConnections ?? EMBEDDED_MAX_CONNECTIONS });
  useProtocolQueue(server, db);
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
