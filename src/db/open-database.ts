import path from 'node:path';
import type { Config } from '../config/env';
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrate';
import { ensureDatabase } from './seed';

export type OpenDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * The database this process uses: DATABASE_URL if set (created if missing), else the embedded
 * PostgreSQL under EMBEDDED_DATA_DIR. Either way the migrations are applied, so every command
 * (the service and the CLI alike) finds the tables it needs.
 */
export async function openDatabase(config: Config, onApplied?: (name: string) => void): Promise<OpenDatabase & { created: boolean; applied: number; alreadyApplied: number }> {
  if (config.DATABASE_URL) {
    const created = await ensureDatabase(config.DATABASE_URL);
    const result = await applyMigrations(config.DATABASE_URL, { onApplied });
    return { url: config.DATABASE_URL, embedded: false, created, applied: result.applied.length, alreadyApplied: result.alreadyApplied.length, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres(path.join(config.EMBEDDED_DATA_DIR, 'postgres'));
  const result = await applyMigrations(embedded.url, { onApplied });
  return { url: embedded.url, embedded: true, created: false, applied: result.applied.length, alreadyApplied: result.alreadyApplied.length, stop: embedded.stop };
}
