import type { PoolClient } from 'pg';
import { z } from 'zod';
import { inSqlTransaction, sqlPool } from '../db/client';
import { pgRows } from '../db/typed-sql';
import { caseDay } from '../domain/case-number';
import { PRIORITIES } from '../domain/ledger';
import { deadlinesFor } from '../domain/district';
import { type CaseSnapshot, noticesFor } from '../outbox/case-notices';
import { DEFAULT_TIMING, hearsNotices } from './case-change';
import { takeCaseNumbers } from './case-number';
import type { FileCaseDeps, FileCaseInput, FiledCase } from './filing-types';
import type { Assignee } from './route-case';
import { chooseAssignees } from './route-cases';

/** A filing already checked against the district (its area exists). */
export type CheckedFiling = { input: FileCaseInput; areaId: number; areaName: string };

/**
 * Files a group of cases in one transaction, a statement per table for the whole group (rows
 * from one JSON parameter), with what fileCase promises for each: its FILED event, the cadre
 * chosen and its ASSIGNED event, the notices that causes, all committed together. About eight
 * statements and one commit for the group, where filing one by one takes ten and two commits
 * per case. Idempotent per confirming message: one already filed (before, or by a group racing
 * this one) comes back with `created: false`. The filings must have distinct confirmMessageIds.
 */
export async function fileCaseGroup(deps: FileCaseDeps, group: CheckedFiling[]): Promise<FiledCase[]> {
  const { db } = deps;
  const pool = sqlPool(db);
  // Written without looking first: a confirmation filed before (a retry after a crash) or by a
  // group racing this one is refused by its unique index and then looked up; theirs stands. The
  // number it was given here is not used (a gap, as a crash leaves one in a block of numbers).
  const numbers = await numbersFor(deps, group);
  const found = new Map((await inSqlTransaction(db, (tx) => writeGroup(deps, tx, group, numbers))).map((f) => [f.confirmMessageId, f]));
  const earlier = group.filter((f) => !found.has(f.input.confirmMessageId)).map((f) => f.input.confirmMessageId);
  if (earlier.length > 0) for (const f of await findFiled(pool, earlier)) found.set(f.confirmMessageId, f);
  return group.map(({ input }) => {
    const f = found.get(input.confirmMessageId);
    if (!f) throw new Error(`filing ${input.confirmMessageId} was neither written nor found`);
    return { caseId: f.caseId, caseNumber: f.caseNumber, priority: f.priority, areaName: f.areaName, created: f.created };
  });
}

type Found = FiledCase & { confirmMessageId: string };

// The rows of the filing statements, built once here (not per group: this is the intake hot path).
const foundRow = z.object({ caseId: z.number(), caseNumber: z.string(), priority: z.enum(PRIORITIES), areaName: z.string(), confirmMessageId: z.string() });
const cardRow = z.object({ id: z.number(), cadreId: z.number(), areaId: z.number() });
const insertedRow = z.object({ id: z.number(), confirmMessageId: z.string() });
const eventIdRow = z.object({ id: z.number(), caseId: z.number(), type: z.string() });
const residentRow = z.object({ id: z.number(), channel: z.string(), channelKey: z.string(), bondCardId: z.number().nullable() });

async function findFiled(pool: ReturnType<typeof sqlPool>, confirmMessageIds: string[]): Promise<Found[]> {
  const rows = await pgRows(
    pool,
    foundRow,
    `SELECT c.id AS "caseId", c."caseNumber", c.priority, a.name AS "areaName", c."confirmMessageId"
     FROM "Case" c JOIN "Area" a ON a.id = c."areaId" WHERE c."confirmMessageId" = ANY($1::text[])`,
    [confirmMessageIds],
  );
  return rows.map((r) => ({ ...r, created: false }));
}

/** One number per filing, in order, taken per day of the district (a group may straddle midnight). */
async function numbersFor(deps: FileCaseDeps, group: CheckedFiling[]): Promise<string[]> {
  const { prefix, timeZone } = deps.district;
  const days = group.map((f) => caseDay(f.input.at, timeZone));
  const numbers: string[] = new Array(group.length);
  for (const day of new Set(days)) {
    const indexes = days.flatMap((d, i) => (d === day ? [i] : []));
    const taken = await takeCaseNumbers(sqlPool(deps.db), prefix, day, indexes.length);
    indexes.forEach((i, k) => (numbers[i] = taken[k]!));
  }
  return numbers;
}

async function writeGroup(deps: FileCaseDeps, tx: PoolClient, group: CheckedFiling[], numbers: string[]): Promise<Found[]> {
  const { district } = deps;
  const residentIds = await upsertResidents(tx, group);
  const residentOf = (f: CheckedFiling) => residentIds.get(residentKey(f.input))!;
  // A resident tied by a bond card (连心卡) goes to its cadre for cases in the card's area.
  const cards = [...new Set(group.flatMap((f) => (f.input.preferCadreId == null && residentOf(f).bondCardId !== null ? [residentOf(f).bondCardId!] : [])))];
  const cardCadre = new Map<number, { cadreId: number; areaId: number }>();
  if (cards.length > 0) {
    const rows = await pgRows(
      tx,
      cardRow,
      `SELECT id, "cadreId", "areaId" FROM "BondCard" WHERE id = ANY($1::int[]) AND "revokedAt" IS NULL`,
      [cards],
    );
    for (const card of rows) cardCadre.set(card.id, card);
  }
  const preferOf = (f: CheckedFiling): number | null => {
    if (f.input.preferCadreId != null) return f.input.preferCadreId;
    const card = residentOf(f).bondCardId === null ? undefined : cardCadre.get(residentOf(f).bondCardId!);
    return card && card.areaId === f.areaId ? card.cadreId : null;
  };
  // With no cadre anywhere up the tree (a misconfigured district) the case stays FILED, visible to supervisors.
  const assignees = await chooseAssignees(tx, group.map((f) => ({ areaId: f.areaId, category: district.category(f.input.categoryCode).code, preferCadreId: preferOf(f) })));
  const timing = deps.timing ?? DEFAULT_TIMING;
  const rows = group.map((f, n) => {
    const { input } = f;
    const category = district.category(input.categoryCode);
    const { acceptDueAt, resolveDueAt } = deadlinesFor(district.priority(input.priority), input.at);
    return {
      n, number: numbers[n], ledger: category.ledger, category: category.code, priority: input.priority, status: assignees[n] ? 'ASSIGNED' : 'FILED',
      description: input.description, place: input.locationText, lat: input.latitude ?? null, lng: input.longitude ?? null,
      households: input.households, phone: input.phone, words: input.classifierWords, area: f.areaId, resident: residentOf(f).id,
      assignee: assignees[n]?.id ?? null, confirm: input.confirmMessageId, channel: input.channel, acceptDue: acceptDueAt.toISOString(),
      resolveDue: resolveDueAt.toISOString(), at: input.at.toISOString(), nextUpdate: new Date(input.at.getTime() + timing.progressUpdateMs).toISOString(),
    };
  });
  const inserted = await pgRows(
    tx,
    insertedRow,
    `INSERT INTO "Case" ("caseNumber", ledger, category, priority, status, description, "locationText", latitude, longitude,
       households, "contactPhone", "classifierWords", "areaId", "residentId", "assigneeId", "confirmMessageId", channel,
       "acceptDueAt", "resolveDueAt", "nextCheckAt", "nextUpdateAt", "createdAt", "updatedAt")
     SELECT t.number, t.ledger::"Ledger", t.category, t.priority::"Priority", t.status::"CaseStatus", t.description, t.place, t.lat, t.lng,
       t.households, t.phone, t.words, t.area, t.resident, t.assignee, t.confirm, t.channel,
       t."acceptDue", t."resolveDue", t.at, t."nextUpdate", t.at, t.at
     FROM jsonb_to_recordset($1::jsonb) AS t(n int, number text, ledger text, category text, priority text, status text, description text,
       place text, lat float8, lng float8, households int, phone text, words text[], area int, resident int, assignee int, confirm text,
       channel text, "acceptDue" timestamp, "resolveDue" timestamp, at timestamp, "nextUpdate" timestamp)
     ORDER BY t.n
     ON CONFLICT ("confirmMessageId") DO NOTHING
     RETURNING id, "confirmMessageId"`,
    [JSON.stringify(rows)],
  );
  const caseIds = new Map(inserted.map((r) => [r.confirmMessageId, r.id]));
  const written = group.map((f, n) => ({ f, n, caseId: caseIds.get(f.input.confirmMessageId) })).filter((w): w is { f: CheckedFiling; n: number; caseId: number } => w.caseId !== undefined);
  if (written.length === 0) return [];

  // Who acted: the resident who reported it (or the cadre who filed it on a visit); routing is the system's.
  const events = written.flatMap(({ f, n, caseId }) => {
    const at = f.input.at.toISOString();
    const by = f.input.filedByCadreId ? { actor: 'CADRE', actorId: f.input.filedByCadreId } : { actor: 'RESIDENT', actorId: residentOf(f).id };
    const filed = { caseId, type: 'FILED', ...by, from: null, to: 'FILED', note: null, target: null, at };
    const a = assignees[n];
    return a ? [filed, { caseId, type: 'ASSIGNED', actor: 'SYSTEM', actorId: null, from: 'FILED', to: 'ASSIGNED', note: a.name, target: a.id, at }] : [filed];
  }).map((e, n) => ({ ...e, n }));
  const eventIds = await pgRows(
    tx,
    eventIdRow,
    `INSERT INTO "CaseEvent" ("caseId", type, "actorKind", "actorId", "fromStatus", "toStatus", note, "targetCadreId", "createdAt")
     SELECT t."caseId", t.type::"CaseEventType", t.actor::"ActorKind", t."actorId", t.from::"CaseStatus", t.to::"CaseStatus", t.note, t.target, t.at
     FROM jsonb_to_recordset($1::jsonb) AS t(n int, "caseId" int, type text, actor text, "actorId" int, "from" text, "to" text, note text, target int, at timestamp)
     ORDER BY t.n
     RETURNING id, "caseId", type`,
    [JSON.stringify(events)],
  );
  const attachments = written.flatMap(({ f, caseId }) => f.input.attachments.map((x) => ({ caseId, ref: x.ref, mime: x.mime, at: f.input.at.toISOString() })));
  if (attachments.length > 0) {
    await tx.query(
      `INSERT INTO "CaseAttachment" ("caseId", ref, mime, "createdAt") SELECT t."caseId", t.ref, t.mime, t.at FROM jsonb_to_recordset($1::jsonb) AS t("caseId" int, ref text, mime text, at timestamp)`,
      [JSON.stringify(attachments)],
    );
  }
  const assignedEvent = new Map(eventIds.filter((e) => e.type === 'ASSIGNED').map((e) => [e.caseId, e.id]));
  const notices = written.flatMap(({ f, n, caseId }) => {
    const assignee = assignees[n];
    return assignee ? noticesOf(deps, f, caseId, numbers[n]!, residentOf(f).id, assignee, assignedEvent.get(caseId)!) : [];
  });
  await insertNotices(tx, notices);
  return written.map(({ f, n, caseId }) => ({
    caseId, caseNumber: numbers[n]!, priority: f.input.priority, areaName: f.areaName, created: true, confirmMessageId: f.input.confirmMessageId,
  }));
}

const residentKey = (input: FileCaseInput) => `${input.channel}\u0000${input.residentKey}`;

/**
 * The group's residents, inserted or refreshed in one statement. A resident filing twice in one
 * group is one row (a statement may not update a row twice): later non-empty details win, as
 * the same filings one after another would leave it.
 */
async function upsertResidents(tx: PoolClient, group: CheckedFiling[]): Promise<Map<string, { id: number; bondCardId: number | null }>> {
  const merged = new Map<string, { channel: string; key: string; name: string | null; phone: string | null; contact: string | null; area: number; created: string; at: string }>();
  for (const { input, areaId } of group) {
    const k = residentKey(input);
    const before = merged.get(k);
    const at = input.at.toISOString();
    merged.set(k, {
      channel: input.channel, key: input.residentKey, name: input.residentName ?? before?.name ?? null, phone: input.phone ?? before?.phone ?? null,
      contact: input.contactRef ?? before?.contact ?? null, area: areaId, created: before?.created ?? at, at,
    });
  }
  const rows = await pgRows(
    tx,
    residentRow,
    `INSERT INTO "Resident" (channel, "channelKey", "displayName", phone, "contactRef", "areaId", "createdAt", "updatedAt")
     SELECT t.channel, t.key, t.name, t.phone, t.contact, t.area, t.created, t.at
     FROM jsonb_to_recordset($1::jsonb) AS t(channel text, key text, name text, phone text, contact text, area int, created timestamp, at timestamp)
     ON CONFLICT (channel, "channelKey") DO UPDATE SET
       "displayName" = COALESCE(EXCLUDED."displayName", "Resident"."displayName"),
       phone = COALESCE(EXCLUDED.phone, "Resident".phone),
       "contactRef" = COALESCE(EXCLUDED."contactRef", "Resident"."contactRef"),
       "areaId" = EXCLUDED."areaId",
       "updatedAt" = EXCLUDED."updatedAt"
     RETURNING id, channel, "channelKey", "bondCardId"`,
    [JSON.stringify([...merged.values()])],
  );
  return new Map(rows.map((r) => [`${r.channel}\u0000${r.channelKey}`, { id: r.id, bondCardId: r.bondCardId }]));
}

/** The notices the ASSIGNED step causes, as assignCase would enqueue them. */
function noticesOf(deps: FileCaseDeps, f: CheckedFiling, id: number, caseNumber: string, residentId: number, assignee: Assignee, eventId: number) {
  const { district } = deps;
  const { input } = f;
  const priority = district.priority(input.priority);
  const { acceptDueAt, resolveDueAt } = deadlinesFor(priority, input.at);
  const snapshot: CaseSnapshot = {
    id, caseNumber, categoryName: district.category(input.categoryCode).name, priority: input.priority, priorityChar: priority.char,
    description: input.description, place: input.locationText ? `${f.areaName} ${input.locationText}` : f.areaName, households: input.households,
    contactPhone: input.phone, residentId: hearsNotices(input.channel) ? residentId : null, alsoReporterIds: [], reporterCount: 1, resolveDueAt, acceptDueAt, assignee,
  };
  const assigned = { id: eventId, type: 'ASSIGNED' as const, note: assignee.name, previousAssignee: null, actor: { kind: 'SYSTEM' as const } };
  const at = input.at.toISOString();
  return noticesFor(assigned, snapshot, { showCadrePhone: deps.showCadrePhone, timeZone: district.timeZone, cadreNames: district.cadreNames }).map((i) => ({ ...i, at, due: i.notBefore?.toISOString() ?? at }));
}

/** The outbox rows of the group, each with its own filing's time (enqueue takes one time for all). */
async function insertNotices(tx: PoolClient, items: ReturnType<typeof noticesOf>): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO "OutboxMessage" (key, "recipientKind", "recipientId", "caseId", kind, text, urgent, "nextAttemptAt", "createdAt")
     SELECT t.key, t.rk::"RecipientKind", t.rid, t.cid, t.kind, t.text, t.urgent, t.due, t.at
     FROM jsonb_to_recordset($1::jsonb) AS t(key text, rk text, rid int, cid int, kind text, text text, urgent boolean, due timestamp, at timestamp)
     ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(items.map((i) => ({ key: i.key, rk: i.recipient.kind, rid: i.recipient.id, cid: i.caseId ?? null, kind: i.kind, text: i.text, urgent: i.urgent ?? false, due: i.due, at: i.at })))],
  );
}
