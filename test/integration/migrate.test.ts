import { Client } from 'pg';
import { applyMigrations, readMigrations } from '../../src/db/migrate';
import { scratchDb } from '../support/scratch-db';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';


describe('the migration applier', () => {
  it('applies every migration once, with Prisma checksums, and is a no-op the second time', async () => {
    const { url, drop } = await scratchDb('once');
    try {
      const first = await applyMigrations(url);
      expect(first.applied).toEqual(readMigrations().map((m) => m.name));
      const second = await applyMigrations(url);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(first.applied);
      const c = new Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name');
      await c.end();
      expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
      expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await drop();
    }
  });

  it('is safe when two instances start together', async () => {
    const { url, drop } = await scratchDb('race');
    try {
      const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(readMigrations().map((m) => m.name));
    } finally {
      await drop();
    }
  });

  it('refuses to start when an applied migration file was changed', async () => {
    const { url, drop } = await scratchDb('changed');
    const dir = mkdtempSync(path.join(tmpdir(), 'lx-mig-'));
    try {
      cpSync(path.resolve(__dirname, '../../prisma/migrations'), dir, { recursive: true });
      await applyMigrations(url, { dir });
      const first = readMigrations(dir)[0]!;
      writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
      await expect(applyMigrations(url, { dir })).rejects.toThrow(/changed after it was applied/);
    } finally {
      await drop();
    }
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const { url, drop } = await scratchDb('fail');
    const dir = mkdtempSync(path.join(tmpdir(), 'lx-mig-'));
    try {
      mkdirSync(path.join(dir, '20990101000000_broken'));
      writeFileSync(path.join(dir, '20990101000000_broken', 'migration.sql'), 'CREATE TABLE ok_then (id int);\nSELECT nonsense FROM nowhere;');
      await expect(applyMigrations(url, { dir })).rejects.toThrow(/20990101000000_broken failed/);
      const c = new Client({ connectionString: url });
      await c.connect();
      const tables = await c.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'ok_then'");
      const recorded = await c.query('SELECT 1 FROM "_prisma_migrations"');
      await c.end();
      expect(tables.rowCount).toBe(0);
      expect(recorded.rowCount).toBe(0);
    } finally {
      await drop();
    }
  });
});
