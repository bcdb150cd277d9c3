import type { DbTx } from '../db/client';

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
export async function enqueue(tx: DbTx, items: OutboxItem[], at: Date): Promise<void> {
  if (items.length === 0) return;
  // One statement for the lot (every case step writes here): arrays unnested into rows.
  await tx.$executeRaw`
    INSERT INTO "OutboxMessage" (key, "recipientKind", "recipientId", "caseId", kind, text, urgent, "nextAttemptAt", "createdAt")
    SELECT t.key, t.rk::"RecipientKind", t.rid, t.cid, t.kind, t.text, t.urgent, t.due, ${at}
    FROM unnest(${items.map((i) => i.key)}::text[], ${items.map((i) => i.recipient.kind)}::text[], ${items.map((i) => i.recipient.id)}::int[],
      ${items.map((i) => i.caseId ?? null)}::int[], ${items.map((i) => i.kind)}::text[], ${items.map((i) => i.text)}::text[],
      ${items.map((i) => i.urgent ?? false)}::boolean[], ${items.map((i) => i.notBefore ?? at)}::timestamp[])
      AS t(key, rk, rid, cid, kind, text, urgent, due)
    ON CONFLICT (key) DO NOTHING`;
}
