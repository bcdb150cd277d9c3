import { type Db, inSqlTransaction, sqlPool } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { deadlinesFor } from '../domain/district';
import type { Priority } from '../domain/ledger';
import { nextCaseNumber } from './case-number';
import { type CaseDeps, DEFAULT_TIMING, hearsNotices } from './case-change';
import { chooseAssignee } from './route-case';
import { enqueue } from '../outbox/enqueue';
import { type CaseSnapshot, noticesFor } from '../outbox/case-notices';

export type FileCaseInput = {
  channel: string;
  residentKey: string;
  residentName?: string;
  /** Where the channel reaches the resident now (refreshed at each filing). */
  contactRef?: string | null;
  /** A cadre the resident is tied to (bond card): routing prefers them. */
  preferCadreId?: number | null;
  /** The message that confirmed the report: filing twice on it returns the first case. */
  confirmMessageId: string;
  description: string;
  categoryCode: string;
  areaCode: string;
  locationText: string;
  latitude?: number | null;
  longitude?: number | null;
  households: number | null;
  priority: Priority;
  phone: string | null;
  classifierWords: string[];
  attachments: { ref: string; mime: string }[];
  /** A cadre filing for the person they visited (五访五问): the FILED step is theirs, not the resident's. */
  filedByCadreId?: number | null;
  at: Date;
};

export type FiledCase = { caseId: number; caseNumber: string; priority: Priority; areaName: string; created: boolean };

export type FileCaseDeps = CaseDeps & { areaIds: ReadonlyMap<string, number> };

export class UnknownAreaError extends Error {
  override name = 'UnknownAreaError';
}

/**
 * Writes a case into its category's ledger, with its FILED event, assigns it to its cadre and
 * enqueues their notifications, all in one transaction.
 *
 * This is the busiest write there is (a storm: a hundred households within minutes), so it is
 * plain SQL, a statement per table: the cadre is chosen first and the case inserted already
 * ASSIGNED, with the FILED and ASSIGNED events and the notices the ASSIGNED step causes, as
 * assignCase would write them (which is still what reassigns a reopened case).
 */
export async function fileCase(deps: FileCaseDeps, input: FileCaseInput): Promise<FiledCase> {
  const { db, district } = deps;
  const existing = await findByConfirmMessage(db, input.confirmMessageId);
  if (existing) return existing;

  const areaId = deps.areaIds.get(input.areaCode);
  const area = district.area(input.areaCode);
  if (areaId === undefined || !area) throw new UnknownAreaError(`unknown area ${input.areaCode}`);
  const category = district.category(input.categoryCode);
  const priority = district.priority(input.priority);
  const caseNumber = await nextCaseNumber(sqlPool(db), district.prefix, input.at, district.timeZone);
  const { acceptDueAt, resolveDueAt } = deadlinesFor(priority, input.at);
  const at = input.at;
  const nextUpdateAt = new Date(at.getTime() + (deps.timing ?? DEFAULT_TIMING).progressUpdateMs);

  try {
    const caseId = await inSqlTransaction(db, async (tx) => {
      const iso = at.toISOString();
      const { rows: [resident] } = await tx.query<{ id: number; bondCardId: number | null }>(
        `INSERT INTO "Resident" (channel, "channelKey", "displayName", phone, "contactRef", "areaId", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamp, $7::timestamp)
         ON CONFLICT (channel, "channelKey") DO UPDATE SET
           "displayName" = COALESCE(EXCLUDED."displayName", "Resident"."displayName"),
           phone = COALESCE(EXCLUDED.phone, "Resident".phone),
           "contactRef" = COALESCE(EXCLUDED."contactRef", "Resident"."contactRef"),
           "areaId" = EXCLUDED."areaId",
           "updatedAt" = EXCLUDED."updatedAt"
         RETURNING id, "bondCardId"`,
        [input.channel, input.residentKey, input.residentName ?? null, input.phone, input.contactRef ?? null, areaId, iso],
      );
      // A resident tied by a bond card (连心卡) goes to its cadre for cases in the card's area.
      let preferCadreId = input.preferCadreId ?? null;
      if (preferCadreId === null && resident!.bondCardId !== null) {
        const { rows: [card] } = await tx.query<{ cadreId: number }>(
          `SELECT "cadreId" FROM "BondCard" WHERE id = $1 AND "revokedAt" IS NULL AND "areaId" = $2`,
          [resident!.bondCardId, areaId],
        );
        preferCadreId = card?.cadreId ?? null;
      }
      // With no cadre anywhere up the tree (a misconfigured district) the case stays FILED, visible to supervisors.
      const assignee = await chooseAssignee(tx, { areaId, category: category.code, preferCadreId });
      const { rows: [created] } = await tx.query<{ id: number }>(
        `INSERT INTO "Case" ("caseNumber", ledger, category, priority, status, description, "locationText", latitude, longitude,
           households, "contactPhone", "classifierWords", "areaId", "residentId", "assigneeId", "confirmMessageId", channel,
           "acceptDueAt", "resolveDueAt", "nextCheckAt", "nextUpdateAt", "createdAt", "updatedAt")
         VALUES ($1, $2::"Ledger", $3, $4::"Priority", $5::"CaseStatus", $6, $7, $8, $9, $10, $11, $12::text[], $13, $14, $15, $16, $17,
           $18::timestamp, $19::timestamp, $20::timestamp, $21::timestamp, $20::timestamp, $20::timestamp)
         RETURNING id`,
        [caseNumber, category.ledger, category.code, input.priority, assignee ? 'ASSIGNED' : 'FILED', input.description, input.locationText,
          input.latitude ?? null, input.longitude ?? null, input.households, input.phone, input.classifierWords, areaId, resident!.id,
          assignee?.id ?? null, input.confirmMessageId, input.channel, acceptDueAt.toISOString(), resolveDueAt.toISOString(), iso,
          nextUpdateAt.toISOString()],
      );
      const id = created!.id;
      // Who acted: the resident who reported it (or the cadre who filed it on a visit); routing is the system's.
      const filed = input.filedByCadreId ? ['FILED', 'CADRE', input.filedByCadreId, null, 'FILED', null, null] : ['FILED', 'RESIDENT', resident!.id, null, 'FILED', null, null];
      const events = assignee ? [filed, ['ASSIGNED', 'SYSTEM', null, 'FILED', 'ASSIGNED', assignee.name, assignee.id]] : [filed];
      const column = (n: number) => events.map((e) => e[n] ?? null);
      const { rows: eventIds } = await tx.query<{ id: number }>(
        `INSERT INTO "CaseEvent" ("caseId", type, "actorKind", "actorId", "fromStatus", "toStatus", note, "targetCadreId", "createdAt")
         SELECT $1, t.type::"CaseEventType", t.actor::"ActorKind", t.actor_id, t.from_status::"CaseStatus", t.to_status::"CaseStatus", t.note, t.target_id, $9::timestamp
         FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[]) WITH ORDINALITY AS t(type, actor, actor_id, from_status, to_status, note, target_id, n)
         ORDER BY t.n
         RETURNING id`,
        [id, column(0), column(1), column(2), column(3), column(4), column(5), column(6), iso],
      );
      if (input.attachments.length > 0) {
        await tx.query(
          `INSERT INTO "CaseAttachment" ("caseId", ref, mime, "createdAt") SELECT $1, r, m, $4::timestamp FROM unnest($2::text[], $3::text[]) AS t(r, m)`,
          [id, input.attachments.map((x) => x.ref), input.attachments.map((x) => x.mime), iso],
        );
      }
      if (assignee) {
        const snapshot: CaseSnapshot = {
          id,
          caseNumber,
          categoryName: category.name,
          priority: input.priority,
          priorityChar: priority.char,
          description: input.description,
          place: input.locationText ? `${area.name} ${input.locationText}` : area.name,
          households: input.households,
          contactPhone: input.phone,
          residentId: hearsNotices(input.channel) ? resident!.id : null,
          alsoReporterIds: [],
          reporterCount: 1,
          resolveDueAt,
          acceptDueAt,
          assignee,
        };
        const assigned = { id: Math.max(...eventIds.map((e) => e.id)), type: 'ASSIGNED' as const, note: assignee.name, previousAssignee: null, actor: { kind: 'SYSTEM' as const } };
        await enqueue(tx, noticesFor(assigned, snapshot, { showCadrePhone: deps.showCadrePhone, timeZone: district.timeZone, cadreNames: district.cadreNames }), at);
      }
      return id;
    });
    return { caseId, caseNumber, priority: input.priority, areaName: area.name, created: true };
  } catch (err) {
    // The same confirmation raced in from another worker: the first one's case stands.
    if (isUniqueViolation(err)) {
      const raced = await findByConfirmMessage(db, input.confirmMessageId);
      if (raced) return raced;
    }
    throw err;
  }
}

/** A unique index refused the row (23505), as pg or Prisma reports it. */
function isUniqueViolation(err: unknown): boolean {
  if ((err as { code?: unknown })?.code === '23505') return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002') return true;
    if (err.code === 'P2010') return /23505|unique/i.test(JSON.stringify(err.meta ?? {}) + err.message);
  }
  return err instanceof Error && /23505|duplicate key value violates unique constraint/.test(err.message);
}

async function findByConfirmMessage(db: Db, confirmMessageId: string): Promise<FiledCase | null> {
  const { rows: [row] } = await sqlPool(db).query<{ id: number; caseNumber: string; priority: Priority; areaName: string }>(
    `SELECT c.id, c."caseNumber", c.priority, a.name AS "areaName"
     FROM "Case" c JOIN "Area" a ON a.id = c."areaId" WHERE c."confirmMessageId" = $1`,
    [confirmMessageId],
  );
  return row ? { caseId: row.id, caseNumber: row.caseNumber, priority: row.priority, areaName: row.areaName, created: false } : null;
}
