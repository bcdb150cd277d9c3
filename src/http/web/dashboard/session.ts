import { randomBytes } from 'node:crypto';
import type { SessionStore } from '../../../stores/stores';

/**
 * Dashboard sessions are records on the server (Redis, or the in-process store in embedded mode),
 * found by a random id that the browser holds in a signed cookie. Signing out deletes the record,
 * so a copied cookie opens nothing afterwards; the record also names the API token that signed in
 * (revoking the token ends the session) and lapses after DESK_SESSION_HOURS.
 */
export type DeskSession = { id: string; tokenId: number; exp: number };

export const DESK_COOKIE = 'lx_desk';
/** A working day and a bit: cadres sign in in the morning, the session lapses overnight. */
export const DESK_SESSION_HOURS = 12;
const TTL_MS = DESK_SESSION_HOURS * 3600_000;
const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;
const key = (id: string) => `desk-session:${id}`;

export type DeskSessions = ReturnType<typeof deskSessions>;

export function deskSessions(store: SessionStore, clock: () => Date) {
  const end = async (id: string) => {
    await store.delete(key(id));
  };
  return {
    async start(tokenId: number): Promise<DeskSession> {
      const session: DeskSession = { id: randomBytes(24).toString('base64url'), tokenId, exp: clock().getTime() + TTL_MS };
      await store.put(key(session.id), JSON.stringify({ tokenId, exp: session.exp }), TTL_MS);
      return session;
    },
    /** The live session with this id; null for an unknown, ended or expired one. */
    async find(id: string | null): Promise<DeskSession | null> {
      if (!id || !SESSION_ID.test(id)) return null;
      const raw = await store.get(key(id));
      if (!raw) return null;
      const record = JSON.parse(raw) as { tokenId: number; exp: number };
      // The store's own expiry runs on the wall clock; the service's clock decides too.
      if (record.exp <= clock().getTime()) {
        await end(id);
        return null;
      }
      return { id, tokenId: record.tokenId, exp: record.exp };
    },
    end,
  };
}
