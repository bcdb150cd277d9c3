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

/** Writes messages to the outbox inside the caller's transaction: they commit with the change or not at all. */
export async function enqueue(tx: DbTx, items: OutboxItem[]): Promise<void> {
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
      ...(i.notBefore ? { nextAttemptAt: i.notBefore } : {}),
    })),
    skipDuplicates: true,
  });
}
