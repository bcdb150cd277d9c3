import type { Pool } from 'pg';
import { z } from 'zod';
import { type Queryable, sqlPool } from '../db/client';
import { pgRows } from '../db/typed-sql';
import { caseDay } from '../domain/case-number';
import { PRIORITIES } from '../domain/ledger';
import { deadlinesFor } from '../domain/district';
import { type CaseSnapshot, noticesFor } from '../outbox/case-notices';
import { DEFAULT_TIMING, hearsNotices } from './case-change';
import { takeCaseNumbers } from './case-number';
import type { FileCaseDeps, FileCaseInput, FiledCase } from './filing-types';
import type { Assignee } from './route-case';
import { chooseAssignees, readRoutingCandidates } from './route-cases';

/** A filing already checked against the district (its area exists). */
export type CheckedFiling = { input: FileCaseInput; areaId: number; areaName: string };

/**
 * Files a group of cases with what fileCase promises for each: its FILED event, the cadre chosen
 * and its ASSIGNED event, the notices that causes, all committed together (one statement, rows
 * from JSON parameters). Two round trips for the group (writeGroup), where filing one by one
 * took ten and two commits per case. Idempotent per confirming message: one already filed
 * (before, or by a group racing this one) comes back with `created: false`. The filings must
 * have distinct confirmMessageIds.
 */
export async function fileCaseGroup(deps: FileCaseDeps, group: CheckedFiling[]): Promise<FiledCase[]> {
  const pool = sqlPool(deps.db);
  // Written without looking first: a confirmation filed before (a retry after a crash) or by a
  // group racing this one is refused by its unique index and then looked up; theirs stands. The
  // number it was given here is not used (a gap, as a crash leaves one in a block of numbers).
  const numbers = await numbersFor(deps, group);
  const found = new Map((await writeGroup(deps, pool, group, numbers)).map((f) => [f.confirmMessageId, f]));
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

/**
 * The group in two round trips. First, at once on three connections: the residents upserted (a
 * row of their own, kept whatever becomes of the filing, as a consent is), what routing reads for
 * the group's areas, and ids for the cases and their events. Then one statement writes the cases,
 * their events, attachments and notices (all of it or none, as one statement is), so a chain of
 * statements and a transaction's BEGIN and COMMIT do not each wait for the database in turn.
 * A case refused by its unique confirmation index (filed before) takes nothing else with it.
 */
async function writeGroup(deps: FileCaseDeps, pool: Pool, group: CheckedFiling[], numbers: string[]): Promise<Found[]> {
  const { district } = deps;
  const routing = readRoutingCandidates(pool, group.map((f) => f.areaId));
  const ids = takeIds(pool, group.length);
  // Read too if a step below fails first: a rejection nobody awaits would end the process.
  routing.catch(() => undefined);
  ids.catch(() => undefined);
  const residentIds = await upsertResidents(pool, group);
  const residentOf = (f: CheckedFiling) => residentIds.get(residentKey(f.input))!;
  // A resident tied by a bond card (连心卡) goes to its cadre for cases in the card's area.
  const cards = [...new Set(group.flatMap((f) => (f.input.preferCadreId == null && residentOf(f).bondCardId !== null ? [residentOf(f).bondCardId!] : [])))];
  const cardCadre = new Map<number, { cadreId: number; areaId: number }>();
  if (cards.length > 0) {
    const rows = await pgRows(
      pool,
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
  const assignees = await chooseAssignees(pool, group.map((f) => ({ areaId: f.areaId, category: district.category(f.input.categoryCode).code, preferCadreId: preferOf(f) })), routing);
  const { caseIds, eventIds } = await ids;
  const timing = deps.timing ?? DEFAULT_TIMING;
  const cases = group.map((f, n) => {
    const { input } = f;
    const category = district.category(input.categoryCode);
    const { acceptDueAt, resolveDueAt } = deadlinesFor(district.priority(input.priority), input.at);
    return {
      n, id: caseIds[n], number: numbers[n], ledger: category.ledger, category: category.code, priority: input.priority, status: assignees[n] ? 'ASSIGNED' : 'FILED',
      description: input.description, place: input.locationText, lat: input.latitude ?? null, lng: input.longitude ?? null,
      households: input.households, phone: input.phone, words: input.classifierWords, area: f.areaId, resident: residentOf(f).id,
      assignee: assignees[n]?.id ?? null, confirm: input.confirmMessageId, channel: input.channel, acceptDue: acceptDueAt.toISOString(),
      resolveDue: resolveDueAt.toISOString(), at: input.at.toISOString(), nextUpdate: new Date(input.at.getTime() + timing.progressUpdateMs).toISOString(),
    };
  });
  // Who acted: the resident who reported it (or the cadre who filed it on a visit); routing is the system's.
  // Two event ids per case, in order: FILED, then ASSIGNED (when there is a cadre).
  const events = group.flatMap((f, n) => {
    const caseId = caseIds[n]!;
    const at = f.input.at.toISOString();
    const by = f.input.filedByCadreId ? { actor: 'CADRE', actorId: f.input.filedByCadreId } : { actor: 'RESIDENT', actorId: residentOf(f).id };
    const filed = { id: eventIds[2 * n], caseId, type: 'FILED', ...by, from: null, to: 'FILED', note: null, target: null, at };
    const a = assignees[n];
    return a ? [filed, { id: eventIds[2 * n + 1], caseId, type: 'ASSIGNED', actor: 'SYSTEM', actorId: null, from: 'FILED', to: 'ASSIGNED', note: a.name, target: a.id, at }] : [filed];
  });
  const attachments = group.flatMap((f, n) => f.input.attachments.map((x) => ({ caseId: caseIds[n], ref: x.ref, mime: x.mime, at: f.input.at.toISOString() })));
  const notices = group.flatMap((f, n) => {
    const assignee = assignees[n];
    return assignee ? noticesOf(deps, f, caseIds[n]!, numbers[n]!, residentOf(f).id, assignee, eventIds[2 * n + 1]!) : [];
  });
  const inserted = await pgRows(
    pool,
    insertedRow,
    `WITH c AS (
       INSERT INTO "Case" (id, "caseNumber", ledger, category, priority, status, description, "locationText", latitude, longitude,
         households, "contactPhone", "classifierWords", "areaId", "residentId", "assigneeId", "confirmMessageId", channel,
         "acceptDueAt", "resolveDueAt", "nextCheckAt", "nextUpdateAt", "createdAt", "updatedAt")
       SELECT t.id, t.number, t.ledger::"Ledger", t.category, t.priority::"Priority", t.status::"CaseStatus", t.description, t.place, t.lat, t.lng,
         t.households, t.phone, t.words, t.area, t.resident, t.assignee, t.confirm, t.channel,
         t."acceptDue", t."resolveDue", t.at, t."nextUpdate", t.at, t.at
       FROM jsonb_to_recordset($1::jsonb) AS t(n int, id int, number text, ledger text, category text, priority text, status text, description text,
         place text, lat float8, lng float8, households int, phone text, words text[], area int, resident int, assignee int, confirm text,
         channel text, "acceptDue" timestamp, "resolveDue" timestamp, at timestamp, "nextUpdate" timestamp)
       ORDER BY t.n
       ON CONFLICT ("confirmMessageId") DO NOTHING
       RETURNING id, "confirmMessageId"
     ), e AS (
       INSERT INTO "CaseEvent" (id, "caseId", type, "actorKind", "actorId", "fromStatus", "toStatus", note, "targetCadreId", "createdAt")
       SELECT t.id, t."caseId", t.type::"CaseEventType", t.actor::"ActorKind", t."actorId", t.from::"CaseStatus", t.to::"CaseStatus", t.note, t.target, t.at
       FROM jsonb_to_recordset($2::jsonb) AS t(id int, "caseId" int, type text, actor text, "actorId" int, "from" text, "to" text, note text, target int, at timestamp)
       WHERE t."caseId" IN (SELECT id FROM c)
       ORDER BY t.id
     ), a AS (
       INSERT INTO "CaseAttachment" ("caseId", ref, mime, "createdAt")
       SELECT t."caseId", t.ref, t.mime, t.at FROM jsonb_to_recordset($3::jsonb) AS t("caseId" int, ref text, mime text, at timestamp)
       WHERE t."caseId" IN (SELECT id FROM c)
     ), o AS (
       INSERT INTO "OutboxMessage" (key, "recipientKind", "recipientId", "caseId", kind, text, urgent, "nextAttemptAt", "createdAt")
       SELECT t.key, t.rk::"RecipientKind", t.rid, t.cid, t.kind, t.text, t.urgent, t.due, t.at
       FROM jsonb_to_recordset($4::jsonb) AS t(key text, rk text, rid int, cid int, kind text, text text, urgent boolean, due timestamp, at timestamp)
       WHERE t.cid IN (SELECT id FROM c)
       ON CONFLICT (key) DO NOTHING
     )
     SELECT id, "confirmMessageId" FROM c`,
    [
      JSON.stringify(cases),
      JSON.stringify(events),
      JSON.stringify(attachments),
      JSON.stringify(notices.map((i) => ({ key: i.key, rk: i.recipient.kind, rid: i.recipient.id, cid: i.caseId ?? null, kind: i.kind, text: i.text, urgent: i.urgent ?? false, due: i.due, at: i.at }))),
    ],
  );
  const written = new Set(inserted.map((r) => r.confirmMessageId));
  return group.flatMap((f, n) =>
    written.has(f.input.confirmMessageId)
      ? [{ caseId: caseIds[n]!, caseNumber: numbers[n]!, priority: f.input.priority, areaName: f.areaName, created: true, confirmMessageId: f.input.confirmMessageId }]
      : [],
  );
}

const idsRow = z.object({ cases: z.array(z.number()), events: z.array(z.number()) });

/** Ids for `n` cases and two events each, taken from their tables' sequences (a gap where one is not used). */
async function takeIds(pool: Pool, n: number): Promise<{ caseIds: number[]; eventIds: number[] }> {
  const [row] = await pgRows(
    pool,
    idsRow,
    `SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('"Case"', 'id'))::int FROM generate_series(1, $1::int)) AS cases,
            ARRAY(SELECT nextval(pg_get_serial_sequence('"CaseEvent"', 'id'))::int FROM generate_series(1, $2::int)) AS events`,
    [n, 2 * n],
  );
  return { caseIds: row!.cases, eventIds: row!.events };
}

const residentKey = (input: FileCaseInput) => `${input.channel}\u0000${input.residentKey}`;

/**
 * The group's residents, inserted or refreshed in one statement. A resident filing twice in one
 * group is one row (a statement may not update a row twice): later non-empty details win, as
 * the same filings one after another would leave it.
 */
async function upsertResidents(q: Queryable, group: CheckedFiling[]): Promise<Map<string, { id: number; bondCardId: number | null }>> {
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
    q,
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
