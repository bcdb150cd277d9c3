import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { type District, deadlinesFor } from '../domain/district';
import type { Priority } from '../domain/ledger';
import { nextCaseNumber } from './case-number';
import { type CaseDeps, DEFAULT_TIMING, VISIT_CHANNEL } from './case-change';
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
  const caseNumber = await nextCaseNumber(db, district.prefix, input.at, district.timeZone);
  const { acceptDueAt, resolveDueAt } = deadlinesFor(priority, input.at);
  const at = input.at;
  const nextUpdateAt = new Date(at.getTime() + (deps.timing ?? DEFAULT_TIMING).progressUpdateMs);

  try {
    const caseId = await db.$transaction(async (tx) => {
      const [resident] = await tx.$queryRaw<{ id: number; bondCardId: number | null }[]>`
        INSERT INTO "Resident" (channel, "channelKey", "displayName", phone, "contactRef", "areaId", "createdAt", "updatedAt")
        VALUES (${input.channel}, ${input.residentKey}, ${input.residentName ?? null}, ${input.phone}, ${input.contactRef ?? null}, ${areaId}, ${at}, ${at})
        ON CONFLICT (channel, "channelKey") DO UPDATE SET
          "displayName" = COALESCE(EXCLUDED."displayName", "Resident"."displayName"),
          phone = COALESCE(EXCLUDED.phone, "Resident".phone),
          "contactRef" = COALESCE(EXCLUDED."contactRef", "Resident"."contactRef"),
          "areaId" = EXCLUDED."areaId",
          "updatedAt" = EXCLUDED."updatedAt"
        RETURNING id, "bondCardId"`;
      // A resident tied by a bond card (连心卡) goes to its cadre for cases in the card's area.
      let preferCadreId = input.preferCadreId ?? null;
      if (preferCadreId === null && resident!.bondCardId !== null) {
        const [card] = await tx.$queryRaw<{ cadreId: number }[]>`
          SELECT "cadreId" FROM "BondCard" WHERE id = ${resident!.bondCardId} AND "revokedAt" IS NULL AND "areaId" = ${areaId}`;
        preferCadreId = card?.cadreId ?? null;
      }
      // With no cadre anywhere up the tree (a misconfigured district) the case stays FILED, visible to supervisors.
      const assignee = await chooseAssignee(tx, { areaId, category: category.code, preferCadreId });
      const [created] = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO "Case" ("caseNumber", ledger, category, priority, status, description, "locationText", latitude, longitude,
          households, "contactPhone", "classifierWords", "areaId", "residentId", "assigneeId", "confirmMessageId", channel,
          "acceptDueAt", "resolveDueAt", "nextCheckAt", "nextUpdateAt", "createdAt", "updatedAt")
        VALUES (${caseNumber}, ${category.ledger}::"Ledger", ${category.code}, ${input.priority}::"Priority",
          ${assignee ? 'ASSIGNED' : 'FILED'}::"CaseStatus", ${input.description}, ${input.locationText},
          ${input.latitude ?? null}::float8, ${input.longitude ?? null}::float8, ${input.households}::int, ${input.phone},
          ${input.classifierWords}::text[], ${areaId}, ${resident!.id}, ${assignee?.id ?? null}::int, ${input.confirmMessageId},
          ${input.channel}, ${acceptDueAt}, ${resolveDueAt}, ${at}, ${nextUpdateAt}, ${at}, ${at})
        RETURNING id`;
      const id = created!.id;
      const events = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO "CaseEvent" ("caseId", type, "actorKind", "actorId", "fromStatus", "toStatus", note, "createdAt")
        SELECT ${id}, t.type::"CaseEventType", t.actor::"ActorKind", t."actorId", t."from"::"CaseStatus", t."to"::"CaseStatus", t.note, ${at}
        FROM unnest(${assignee ? ['FILED', 'ASSIGNED'] : ['FILED']}::text[], ${assignee ? ['RESIDENT', 'SYSTEM'] : ['RESIDENT']}::text[],
          ${assignee ? [resident!.id, null] : [resident!.id]}::int[], ${assignee ? [null, 'FILED'] : [null]}::text[],
          ${assignee ? ['FILED', 'ASSIGNED'] : ['FILED']}::text[], ${assignee ? [null, assignee.name] : [null]}::text[])
          WITH ORDINALITY AS t(type, actor, "actorId", "from", "to", note, n)
        ORDER BY t.n
        RETURNING id`;
      if (input.attachments.length > 0) {
        await tx.caseAttachment.createMany({ data: input.attachments.map((x) => ({ caseId: id, ref: x.ref, mime: x.mime, createdAt: at })) });
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
          residentId: input.channel === VISIT_CHANNEL ? null : resident!.id,
          alsoReporterIds: [],
          reporterCount: 1,
          resolveDueAt,
          acceptDueAt,
          assignee,
        };
        const assigned = { id: Math.max(...events.map((e) => e.id)), type: 'ASSIGNED' as const, note: assignee.name, previousAssignee: null };
        await enqueue(tx, noticesFor(assigned, snapshot, { showCadrePhone: deps.showCadrePhone, timeZone: district.timeZone }), at);
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

/** A unique index refused the row (23505), as Prisma reports it for a model call or a raw statement. */
function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002') return true;
    if (err.code === 'P2010') return /23505|unique/i.test(JSON.stringify(err.meta ?? {}) + err.message);
  }
  return err instanceof Error && /23505|duplicate key value violates unique constraint/.test(err.message);
}

async function findByConfirmMessage(db: Db, confirmMessageId: string): Promise<FiledCase | null> {
  const [row] = await db.$queryRaw<{ id: number; caseNumber: string; priority: Priority; areaName: string }[]>`
    SELECT c.id, c."caseNumber", c.priority, a.name AS "areaName"
    FROM "Case" c JOIN "Area" a ON a.id = c."areaId" WHERE c."confirmMessageId" = ${confirmMessageId}`;
  return row ? { caseId: row.id, caseNumber: row.caseNumber, priority: row.priority, areaName: row.areaName, created: false } : null;
}
