import { z } from 'zod';
import type { SessionStore } from '../../stores/stores';
import type { Choice } from '../../domain/inbound-content';
import { KeyedQueue } from '../../inbound/keyed-queue';

/** How many messages the page redraws on load, and how long an idle exchange is kept. */
export const HISTORY_MESSAGES = 50;
export const HISTORY_TTL_MS = 7 * 24 * 3_600_000;

export type ChatLine = { who: 'me' | 'bot'; text: string; at: string };
/** The recent exchange of one web chat identity, and the choices the last reply offered. */
export type ChatHistory = { lines: ChatLine[]; choices: Choice[] };

const historySchema = z.object({
  lines: z.array(z.object({ who: z.enum(['me', 'bot']), text: z.string(), at: z.string() })),
  choices: z.array(z.object({ label: z.string(), reply: z.string() })),
});

const EMPTY: ChatHistory = { lines: [], choices: [] };

/**
 * The web chat's recent exchange, kept in the session store (Redis, or in process in embedded
 * mode) under the chat identity from the signed cookie only: a page can never ask for another
 * resident's. One JSON value per identity.
 * Appends for one identity run one at a time in this process (a resident's two tabs).
 */
export function createChatHistory(sessions: SessionStore, opts: { ttlMs?: number; max?: number } = {}) {
  const ttlMs = opts.ttlMs ?? HISTORY_TTL_MS;
  const max = opts.max ?? HISTORY_MESSAGES;
  const queue = new KeyedQueue();
  const key = (identity: string) => `webchat:history:${identity}`;

  const read = async (identity: string): Promise<ChatHistory> => {
    const raw = await sessions.get(key(identity));
    if (!raw) return EMPTY;
    try {
      const parsed = historySchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : EMPTY;
    } catch {
      return EMPTY;
    }
  };

  return {
    read,
    /** Adds what was said (in order) and replaces the open choices with the latest ones. */
    append: (identity: string, lines: ChatLine[], choices: Choice[]) =>
      queue.run(identity, async () => {
        const before = await read(identity);
        const next: ChatHistory = { lines: [...before.lines, ...lines].slice(-max), choices };
        await sessions.put(key(identity), JSON.stringify(next), ttlMs);
      }),
    forget: async (identity: string) => {
      await sessions.delete(key(identity));
    },
  };
}

export type ChatHistoryStore = ReturnType<typeof createChatHistory>;
