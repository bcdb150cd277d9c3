import { type Db, sqlPool } from '../db/client';
import { createGroupCommit, type GroupCommit } from '../cases/group-commit';
import type { ResidentRecord } from '../domain/resident-record';
import type { ResidentRef } from './personal-data';

type Consent = ResidentRef & { contactRef?: string | null; at: Date };

/**
 * 同意, written in groups: the consents that arrive together (a storm's residents answering the
 * notice) are one multi-row upsert and one commit instead of one each, as recordConsent writes
 * them (personal-data.ts). A sender twice in a group is one row, their latest answer.
 */
export function createConsentWriter(db: Db): GroupCommit<Consent, void> {
  return createGroupCommit<Consent, void>({
    maxInFlight: 2,
    maxGroup: 200,
    write: async (group) => {
      const latest = new Map(group.map((c) => [`${c.channel}\u0000${c.residentKey}`, c]));
      const rows = [...latest.values()].map((c) => ({ channel: c.channel, key: c.residentKey, contact: c.contactRef ?? null, at: c.at.toISOString() }));
      await sqlPool(db).query(
        `INSERT INTO "Resident" (channel, "channelKey", "contactRef", "consentAt", "createdAt", "updatedAt")
         SELECT t.channel, t.key, t.contact, t.at, t.at, t.at
         FROM jsonb_to_recordset($1::jsonb) AS t(channel text, key text, contact text, at timestamp)
         ON CONFLICT (channel, "channelKey") DO UPDATE
         SET "consentAt" = EXCLUDED."consentAt", "contactRef" = COALESCE(EXCLUDED."contactRef", "Resident"."contactRef"), "updatedAt" = EXCLUDED."updatedAt"`,
        [JSON.stringify(rows)],
      );
      return group.map(() => undefined);
    },
  });
}

/**
 * First contacts, read in groups: the look-ups that arrive together (a storm's residents writing
 * their first message) are one statement instead of one each, and the group leaves at once when
 * a slot is free, so a quiet system waits for nothing.
 */
export function createRecordReader(read: (whos: ResidentRef[]) => Promise<(ResidentRecord | null)[]>): GroupCommit<ResidentRef, ResidentRecord | null> {
  return createGroupCommit<ResidentRef, ResidentRecord | null>({ maxInFlight: 2, maxGroup: 200, write: read });
}

/** How long "nobody on record" is believed without asking again. */
const ABSENT_TTL_MS = 60_000;
const ABSENT_MAX = 10_000;

/**
 * First contact: a new sender's look-up finds nobody, and the notice's answer (the next turn)
 * would look again. Remembering "nobody" for a minute saves that second read. Only absence is
 * remembered, and this process forgets it as soon as it writes anything for the sender; a row
 * written meanwhile by another process is only a consent or a card this sender gave there, in
 * the same conversation, which their session already carries.
 */
export function createAbsentResidents(now: () => number = Date.now) {
  const absent = new Map<string, number>();
  const key = (who: ResidentRef) => `${who.channel}\u0000${who.residentKey}`;
  return {
    known: (who: ResidentRef): boolean => {
      const until = absent.get(key(who));
      if (until === undefined) return false;
      if (until > now()) return true;
      absent.delete(key(who));
      return false;
    },
    remember(who: ResidentRef, record: ResidentRecord | null): void {
      if (record !== null) return;
      // Oldest first out (a Map keeps insertion order): a storm of new senders cannot grow it without bound.
      if (absent.size >= ABSENT_MAX) absent.delete(absent.keys().next().value!);
      absent.set(key(who), now() + ABSENT_TTL_MS);
    },
    forget: (who: ResidentRef) => void absent.delete(key(who)),
  };
}
