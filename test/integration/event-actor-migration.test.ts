import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, readMigrations } from '../../src/db/migrate';
import { scratchDb } from '../support/scratch-db';

const MIGRATION = '20261130040000_event_actor_and_target';

/**
 * Timelines written before actors were kept apart: escalations held the lead they called on in
 * actorId under a SYSTEM actor, and a reopening after 回访 kept no resident. The migration moves
 * the lead to the target and credits the reopening to the resident who answered.
 */
describe('the event actor migration', () => {
  it('moves escalation leads out of actorId, credits reopenings to the resident, then forbids a named SYSTEM actor', async () => {
    const { url, drop } = await scratchDb('actors');
    const dir = mkdtempSync(path.join(tmpdir(), 'lx-migrations-'));
    const c = new Client({ connectionString: url });
    try {
      const before = readMigrations().filter((m) => m.name < MIGRATION);
      for (const m of before) cpSync(path.join(__dirname, '../../prisma/migrations', m.name), path.join(dir, m.name), { recursive: true });
      await applyMigrations(url, { dir });
      await c.connect();
      const one = async (sql: string, values: unknown[] = []) => (await c.query<{ id: number }>(sql, values)).rows[0]!.id;
      const area = await one(`INSERT INTO "Area" (code, name, kind) VALUES ('A', '向阳社区', 'COMMUNITY') RETURNING id`);
      const lead = await one(`INSERT INTO "Cadre" (code, name, phone, role, "areaId") VALUES ('lead', '杨秀英', '13800000001', 'BRANCH_SECRETARY', $1) RETURNING id`, [area]);
      const resident = await one(`INSERT INTO "Resident" (channel, "channelKey", "updatedAt") VALUES ('wechat', 'LX-1', now()) RETURNING id`);
      const kase = await one(
        `INSERT INTO "Case" ("caseNumber", ledger, category, priority, description, "areaId", "residentId", "confirmMessageId", channel, "acceptDueAt", "resolveDueAt", "updatedAt")
         VALUES ('GJ-20260301-0001', 'LIVELIHOOD', 'DRAINAGE', 'SERIOUS', '阴沟堵塞', $1, $2, 'm1', 'wechat', now(), now(), now()) RETURNING id`,
        [area, resident],
      );
      const at = '2026-03-02T02:00:00Z';
      const event = (type: string, kind: string, actorId: number | null, createdAt = at) =>
        one(`INSERT INTO "CaseEvent" ("caseId", type, "actorKind", "actorId", "createdAt") VALUES ($1, $2::"CaseEventType", $3::"ActorKind", $4, $5::timestamp) RETURNING id`, [kase, type, kind, actorId, createdAt]);
      const escalated = await event('ESCALATED', 'SYSTEM', lead, '2026-03-01T02:00:00Z');
      const followUp = await event('FOLLOW_UP', 'RESIDENT', resident);
      const reopened = await event('REOPENED', 'RESIDENT', null);
      const accepted = await event('ACCEPTED', 'CADRE', lead);

      await applyMigrations(url);
      const { rows } = await c.query<{ id: number; actorKind: string; actorId: number | null; targetCadreId: number | null }>(
        `SELECT id, "actorKind", "actorId", "targetCadreId" FROM "CaseEvent" ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: escalated, actorKind: 'SYSTEM', actorId: null, targetCadreId: lead },
        { id: followUp, actorKind: 'RESIDENT', actorId: resident, targetCadreId: null },
        { id: reopened, actorKind: 'RESIDENT', actorId: resident, targetCadreId: null },
        { id: accepted, actorKind: 'CADRE', actorId: lead, targetCadreId: null },
      ]);
      // From now on the system cannot act in a person's name.
      await expect(event('REMINDED', 'SYSTEM', lead)).rejects.toThrow(/CaseEvent_system_actor_is_nobody/);
    } finally {
      await c.end().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      await drop();
    }
  });
});
