import { asQueryable, type DbTx, type Queryable } from '../db/client';

export type OutboxItem = {
  /** Idempotency: the same change never enqueues the same message twice. */
  key: string;
  recipient: { kind: 'RESIDENT' | 'CADRE'; id: number };
  caseId?: number | null;
  kind: string;
  text: string;
  urgent?: boolean;
  /** Not before this time (quiet hours, scheduled reminders). */
  notBefore?: Date;
};

/**
 * Writes messages to the outbox inside the caller's transaction: they commit with the change or
 * not at all. `at` is the change's time from the injected clock. A key already present is skipped.
 */
export async function enqueue(tx: DbTx | Queryable, items: OutboxItem[], at: Date): Promise<void> {
  if (items.length === 0) return;
  // One statement for the lot (every case step writes here): arrays unnested into rows. Times
  // go as UTC ISO strings into timestamp columns, as Prisma stores them.
  await asQueryable(tx).query(
    `INSERT INTO "OutboxMessage" (key, "recipientKind", "recipientId", "caseId", kind, text, urgent, "nextAttemptAt", "createdAt")
     SELECT t.key, t.rk::"RecipientKind", t.rid, t.cid, t.kind, t.text, t.urgent, t.due, $9::timestamp
     FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::boolean[], $8::timestamp[])
       AS t(key, rk, rid, cid, kind, text, urgent, due)
     ON CONFLICT (key) DO NOTHING`,
    [
      items.map((i) => i.key),
      items.map((i) => i.recipient.kind),
      items.map((i) => i.recipient.id),
      items.map((i) => i.caseId ?? null),
      items.map((i) => i.kind),
      items.map((i) => i.text),
      items.map((i) => i.urgent ?? false),
      items.map((i) => (i.notBefore ?? at).toISOString()),
      at.toISOString(),
    ],
  );
}
