import type { ResidentRecord } from '../domain/resident-record';
import { z } from 'zod';
import { type Db, type DbTx, sqlPool } from '../db/client';
import { pgRows } from '../db/typed-sql';

/** What replaces a removed phone number or name in stored texts. */
export const ERASED_MARK = '（已删除）';

/** Mobile numbers as residents type them into descriptions and comments. */
const MOBILE_PATTERN = '1[3-9][0-9]{9}';

/**
 * Removes personal data from cases while keeping them (the ledgers still add up): the contact
 * phone goes, and the given phone numbers and names are replaced wherever they were written into
 * the cases' texts: description, place, timeline notes, follow-up comments and every outbox
 * message about them (a cadre's notice quotes the resident's phone).
 */
export async function scrubCases(tx: DbTx, opts: { caseIds: number[]; phones: string[]; names: string[]; at: Date }): Promise<void> {
  const ids = opts.caseIds;
  if (ids.length === 0) return;
  await tx.case.updateMany({ where: { id: { in: ids } }, data: { contactPhone: null, anonymisedAt: opts.at } });
  // Any mobile number a resident typed into their own words goes too, not only the one they left.
  await tx.$executeRaw`UPDATE "Case" SET description = regexp_replace(description, ${MOBILE_PATTERN}, ${ERASED_MARK}, 'g'),
    "locationText" = regexp_replace("locationText", ${MOBILE_PATTERN}, ${ERASED_MARK}, 'g') WHERE id = ANY(${ids}::int[])`;
  await tx.$executeRaw`UPDATE "FollowUp" SET comment = regexp_replace(comment, ${MOBILE_PATTERN}, ${ERASED_MARK}, 'g')
    WHERE "caseId" = ANY(${ids}::int[]) AND comment IS NOT NULL`;
  const values = [...new Set([...opts.phones, ...opts.names].map((v) => v.trim()).filter((v) => v.length >= 2))];
  if (values.length === 0) return;
  // One alternation for all the names and phones: four statements whatever the batch's size.
  const pattern = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  await tx.$executeRaw`UPDATE "Case" SET description = regexp_replace(description, ${pattern}, ${ERASED_MARK}, 'g'),
    "locationText" = regexp_replace("locationText", ${pattern}, ${ERASED_MARK}, 'g')
    WHERE id = ANY(${ids}::int[]) AND (description ~ ${pattern} OR "locationText" ~ ${pattern})`;
  await tx.$executeRaw`UPDATE "CaseEvent" SET note = regexp_replace(note, ${pattern}, ${ERASED_MARK}, 'g')
    WHERE "caseId" = ANY(${ids}::int[]) AND note ~ ${pattern}`;
  await tx.$executeRaw`UPDATE "FollowUp" SET comment = regexp_replace(comment, ${pattern}, ${ERASED_MARK}, 'g')
    WHERE "caseId" = ANY(${ids}::int[]) AND comment ~ ${pattern}`;
  await tx.$executeRaw`UPDATE "OutboxMessage" SET text = regexp_replace(text, ${pattern}, ${ERASED_MARK}, 'g')
    WHERE "caseId" = ANY(${ids}::int[]) AND text ~ ${pattern}`;
}

export type ResidentRef = { channel: string; residentKey: string };

/**
 * 删除我的信息: the resident's name, phone and channel identity are removed from every table;
 * their cases stay (anonymised, still counted). Messages waiting for them are not sent, and what
 * was sent to them is blanked. Returns false when nothing was kept about them.
 */
export async function eraseResidentData(db: Db, who: ResidentRef, at: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const resident = await tx.resident.findUnique({
      where: { channel_channelKey: { channel: who.channel, channelKey: who.residentKey } },
      select: { id: true, displayName: true, phone: true },
    });
    if (!resident) return false;
    const cases = await tx.case.findMany({ where: { residentId: resident.id }, select: { id: true, contactPhone: true } });
    await scrubCases(tx, {
      caseIds: cases.map((c) => c.id),
      phones: [resident.phone, ...cases.map((c) => c.contactPhone)].filter((p): p is string => Boolean(p)),
      names: resident.displayName ? [resident.displayName] : [],
      at,
    });
    await tx.outboxMessage.updateMany({
      where: { recipientKind: 'RESIDENT', recipientId: resident.id, status: { in: ['PENDING', 'SENDING'] } },
      data: { status: 'FAILED', lastError: 'the resident erased their personal data' },
    });
    await tx.outboxMessage.updateMany({ where: { recipientKind: 'RESIDENT', recipientId: resident.id }, data: { text: ERASED_MARK } });
    await tx.followUp.updateMany({ where: { residentId: resident.id }, data: { comment: null } });
    // The row stays (cases point to it, counts stay the same) but no longer names anyone or
    // answers to their WeChat or web identity.
    await tx.resident.update({
      where: { id: resident.id },
      data: { displayName: null, phone: null, contactRef: null, channelKey: `erased:${resident.id}`, consentAt: null, bondCardId: null, erasedAt: at },
    });
    return true;
  });
}

const residentRecordRow = z.object({
  consentAt: z.date().nullable(),
  code: z.string().nullable(),
  revokedAt: z.date().nullable(),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  cadreName: z.string().nullable(),
});

// Both queries below run on a resident's first turns: one plain SQL statement each (a nested
// Prisma select or upsert costs several round trips and most of a turn's CPU).
const residentRecordAt = residentRecordRow.extend({ i: z.coerce.number() });

/**
 * The records of several senders in one statement, in the order asked (null: nobody on record).
 * A storm's first contacts are read this way, in groups (resident-service.ts), as one round trip.
 */
export async function residentRecords(db: Db, whos: readonly ResidentRef[]): Promise<(ResidentRecord | null)[]> {
  const rows = await pgRows(
    sqlPool(db),
    residentRecordAt,
    `SELECT t.i, r."consentAt" AT TIME ZONE 'UTC' AS "consentAt", b.code, b."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt", a.code AS "areaCode", a.name AS "areaName", c.name AS "cadreName"
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(channel, key, i)
     JOIN "Resident" r ON r.channel = t.channel AND r."channelKey" = t.key
     LEFT JOIN "BondCard" b ON b.id = r."bondCardId"
     LEFT JOIN "Area" a ON a.id = b."areaId"
     LEFT JOIN "Cadre" c ON c.id = b."cadreId"`,
    [whos.map((w) => w.channel), whos.map((w) => w.residentKey)],
  );
  const out: (ResidentRecord | null)[] = whos.map(() => null);
  for (const row of rows) {
    const card = row.code && !row.revokedAt ? row : null;
    out[row.i - 1] = {
      consentAt: row.consentAt,
      bondCard: card && { code: card.code!, areaCode: card.areaCode!, areaName: card.areaName!, cadreName: card.cadreName! },
    };
  }
  return out;
}

/** The resident agreed to the privacy notice: from now on their reports may be kept. */
export async function recordConsent(db: Db, who: ResidentRef & { contactRef?: string | null }, at: Date): Promise<void> {
  await sqlPool(db).query(
    `INSERT INTO "Resident" (channel, "channelKey", "contactRef", "consentAt", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $4::timestamp)
     ON CONFLICT (channel, "channelKey") DO UPDATE
     SET "consentAt" = EXCLUDED."consentAt", "contactRef" = COALESCE(EXCLUDED."contactRef", "Resident"."contactRef"), "updatedAt" = EXCLUDED."updatedAt"`,
    [who.channel, who.residentKey, who.contactRef ?? null, at.toISOString()],
  );
}
