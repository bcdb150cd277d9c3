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
  await tx.outboxMessage.createMany({
    data: items.map((i) => ({
      key: i.key,
      recipientKind: i.recipient.kind,
      recipientId: i.recipient.id,
      caseId: i.caseId ?? null,
      kind: i.kind,
      text: i.text,
      urgent: i.urgent ?? false,
      // Due from the change's own time (the injected clock), not the database's.
      nextAttemptAt: i.notBefore ?? at,
      createdAt: at,
    })),
    skipDuplicates: true,
  });
}
