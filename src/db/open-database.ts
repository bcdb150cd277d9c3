import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env';
import { tryLockFolder, readFolderOwner, type FolderLock } from './data-folder-lock';
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrate';
import { ensureDatabase } from './seed';
import { findRunningService, removeServerFile, serviceDatabaseUrl, writeServerFile, type ServerFile } from './server-file';

/** How the process reached its database; `via` says, for the log and the CLI's messages. */
export type OpenDatabase = {
  url: string;
  embedded: boolean;
  via: 'DATABASE_URL' | 'embedded folder' | 'running service';
  /** The service calls this once it is ready: commands then reach its database (embedded only). */
  announce(): void;
  stop(): Promise<void>;
};
type Opened = OpenDatabase & { created: boolean; applied: number; alreadyApplied: number };

/** Who opens it: the service owns the embedded folder and announces itself; a command is a guest. */
export type DatabaseRole = 'service' | 'command';

export class EmbeddedFolderBusy extends Error {}

/**
 * The database this process uses: DATABASE_URL if set (created if missing), else the embedded
 * PostgreSQL under EMBEDDED_DATA_DIR. Either way the migrations are applied, so every command
 * (the service and the CLI alike) finds the tables it needs.
 *
 * Embedded, the folder has one owner. A command finding a running service (server.json, a live
 * pid, an answering port) connects to the service's database socket, so what it writes is the
 * service's data at once. A second service refuses: two services each with an in-process store
 * would both run the jobs and the dispatcher. Otherwise the caller takes the folder lock (waiting
 * for a short command, or for a dead owner's lock to go stale) and opens the folder itself.
 */
export async function openDatabase(config: Config, onApplied?: (name: string) => void, role: DatabaseRole = 'command'): Promise<Opened> {
  if (config.DATABASE_URL) {
    const created = await ensureDatabase(config.DATABASE_URL);
    const result = await applyMigrations(config.DATABASE_URL, { onApplied });
    return { url: config.DATABASE_URL, embedded: false, via: 'DATABASE_URL', created, applied: result.applied.length, alreadyApplied: result.alreadyApplied.length, announce: () => undefined, stop: async () => undefined };
  }
  const dataDir = path.resolve(config.EMBEDDED_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const folder = path.join(dataDir, 'postgres');
  const access = await claimFolder(dataDir, folder, role, config.EMBEDDED_LOCK_WAIT_SECONDS * 1000);
  if ('service' in access) {
    // The service applied the migrations when it started.
    const url = serviceDatabaseUrl(access.service);
    return { url, embedded: true, via: 'running service', created: false, applied: 0, alreadyApplied: 0, announce: () => undefined, stop: async () => undefined };
  }
  let announced: ServerFile | null = null;
  try {
    const embedded = await startEmbeddedPostgres(folder);
    try {
      const result = await applyMigrations(embedded.url, { onApplied });
      return {
        url: embedded.url,
        embedded: true,
        via: 'embedded folder',
        created: false,
        applied: result.applied.length,
        alreadyApplied: result.alreadyApplied.length,
        announce() {
          if (role === 'service' && !announced) announced = writeServerFile(dataDir, embedded.port);
        },
        async stop() {
          if (announced) removeServerFile(dataDir, announced);
          await embedded.stop();
          await access.lock.release();
        },
      };
    } catch (err) {
      await embedded.stop();
      throw err;
    }
  } catch (err) {
    await access.lock.release();
    throw err;
  }
}

async function claimFolder(dataDir: string, folder: string, role: DatabaseRole, waitMs: number): Promise<{ service: ServerFile } | { lock: FolderLock }> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const service = await findRunningService(dataDir);
    if (service && role === 'command') return { service };
    if (service) {
      throw new EmbeddedFolderBusy(
        `another Lianxin service (pid ${service.pid}) already runs on ${dataDir}; stop it first, or set DATABASE_URL and REDIS_URL to run more than one instance`,
      );
    }
    const lock = await tryLockFolder(folder);
    if (lock) return { lock };
    if (Date.now() >= deadline) {
      const owner = readFolderOwner(folder);
      throw new EmbeddedFolderBusy(
        `the embedded database in ${dataDir} is in use by another process${owner ? ` (pid ${owner.pid})` : ''}; waited ${Math.round(waitMs / 1000)} s. Try again when it has finished`,
      );
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}
