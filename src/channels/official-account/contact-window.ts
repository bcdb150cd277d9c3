import type { Db } from '../../db/client';
import { releaseHeldNotices } from '../../outbox/held-notices';
import type { JobCoordinator, SessionStore } from '../../stores/stores';
import { OFFICIAL_ACCOUNT } from './settings';

/** WeChat lets an account send customer-service messages for 48 hours after the resident's last message. */
export const REPLY_WINDOW_MS = 48 * 3_600_000;
/** Kept on the safe side of WeChat's clock. */
const WINDOW_MARGIN_MS = 5 * 60_000;
/** The reason written on a notice held for the resident's next message (see release below). */
export const HELD_REASON = 'held until the resident writes again (outside the 48-hour window, no subscription message allowed)';

/**
 * What the channel remembers of each resident in the stores: the messages already taken (WeChat sends
 * a callback again when no answer came in 5 s), when they last wrote (the 48-hour window), and
 * whether a notice is held for their next message. One round trip per callback.
 */
export function createContactWindow(o: { sessions: SessionStore; coordinator: JobCoordinator; db: Db; dedupTtlMs: number }) {
  const seenKey = (openId: string) => `mp:seen:${openId}`;
  const heldKey = (openId: string) => `mp:held:${openId}`;

  return {
    /**
     * Records a callback: false if this message was taken already. A fresh one marks the resident
     * as just seen and reports whether notices were held for them.
     */
    async admit(dedupId: string, openId: string, at: Date): Promise<{ fresh: boolean; hadHeld: boolean }> {
      const [fresh, held] = await Promise.all([o.coordinator.claim(`mp:msg:${dedupId}`, '1', o.dedupTtlMs), o.sessions.get(heldKey(openId))]);
      if (fresh) await o.sessions.put(seenKey(openId), String(at.getTime()), REPLY_WINDOW_MS);
      return { fresh, hadHeld: fresh && held === '1' };
    },

    /** Whether a customer-service message may go to this resident now. */
    async inWindow(openId: string, now: Date): Promise<boolean> {
      const seen = Number((await o.sessions.get(seenKey(openId))) ?? NaN);
      return Number.isFinite(seen) && now.getTime() - seen < REPLY_WINDOW_MS - WINDOW_MARGIN_MS;
    },

    async markHeld(openId: string): Promise<void> {
      await o.sessions.put(heldKey(openId), '1', 90 * 24 * 3_600_000);
    },

    /**
     * The resident wrote again: their held notices (and those queued behind them, deferred to the
     * same moment) are due now. The flag is cleared first, so a notice held meanwhile sets it again.
     */
    async release(openId: string, at: Date): Promise<number> {
      await o.sessions.delete(heldKey(openId));
      return releaseHeldNotices(o.db, { channel: OFFICIAL_ACCOUNT, channelKey: openId }, HELD_REASON, at);
    },
  };
}

export type ContactWindow = ReturnType<typeof createContactWindow>;
