import { z } from 'zod';
import { type Effect, type Session, sessionSchema } from '../dialogue/types';
import type { InboundMessage } from '../domain/inbound-content';
import type { InboundStore } from './inbound-store';

export type FileCaseEffect = Extract<Effect, { type: 'fileCase' }>;
/**
 * A confirmed filing not yet known to be written, with what is needed to file it without the
 * sender's next message: when it was confirmed (the case's time) and how to reach the sender.
 */
export type PendingFiling = FileCaseEffect & { at?: number; senderName?: string; contactRef?: string };
export type Sender = Pick<InboundMessage, 'channel' | 'senderKey' | 'senderName' | 'contactRef'>;

/**
 * What is stored per sender: the dialogue's session, plus any filing that was confirmed but not
 * yet known to be written. The pending filing is saved *before* the case is filed, so a crash in
 * between is repaired on the sender's next message (filing is idempotent on the confirming
 * message id) instead of being lost or filed twice.
 */
const storedSchema = z.object({
  session: sessionSchema,
  pending: z.array(z.custom<PendingFiling>()).default([]),
  /** Set once this sender has bound themselves as a cadre (`绑定 <code>`). */
  cadreId: z.number().int().optional(),
});
export type Stored = { session: Session; pending: PendingFiling[]; cadreId?: number };

/** The stored value, or null when there is none or it no longer reads (a new conversation then). */
export function parseStored(raw: string | null): Stored | null {
  if (!raw) return null;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as Stored) : null;
  } catch {
    return null;
  }
}

/** The filings a step asks for, as they are kept until written: with their time and how to reach the sender. */
export function pendingFilingsOf(effects: readonly Effect[], msg: Pick<InboundMessage, 'senderName' | 'contactRef'>, now: number): PendingFiling[] {
  return effects
    .filter((e): e is FileCaseEffect => e.type === 'fileCase')
    .map((e): PendingFiling => ({ ...e, at: now, senderName: msg.senderName, contactRef: msg.contactRef }));
}

/** `pending`: see InboundStore.saveSession (true/false updates the index of unfinished filings). */
export const saveStored = (store: InboundStore, senderKey: string, stored: Stored, pending?: boolean) =>
  store.saveSession(senderKey, JSON.stringify(stored), pending, stored);
