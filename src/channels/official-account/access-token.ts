import type { JobCoordinator, SessionStore } from '../../stores/stores';
import { WechatApiError } from './api-error';

/**
 * The account's access token, shared by every process through the stores (WeChat allows one valid
 * token at a time: each fetch replaces the last). Fetched once under a lock (a claim in the coordinator); the others
 * wait and read what it stored. A token WeChat refused (40001/42001) is marked stale rather than
 * deleted, so processes that saw the same refusal refresh it once between them, not once each.
 * The token never appears in a log line or an error message.
 */
export type AccessTokens = {
  get(): Promise<string>;
  /** The token was refused: the next get() fetches a new one (once, whoever asks first). */
  invalidate(token: string): Promise<void>;
};

export type AccessTokenOptions = {
  sessions: SessionStore;
  coordinator: JobCoordinator;
  apiBase: string;
  appId: string;
  appSecret: string;
  /** How long a process waits for another's fetch before trying itself (default 15 s). */
  lockMs?: number;
  pollMs?: number;
  fetchTimeoutMs?: number;
};

type Stored = { token: string; expiresAt: number };

/** Refreshed this long before WeChat says it expires. */
const MARGIN_MS = 5 * 60_000;

export function createAccessTokens(o: AccessTokenOptions): AccessTokens {
  const key = `mp:token:${o.appId}`;
  const staleKey = `mp:token-stale:${o.appId}`;
  const lockKey = `mp:token-lock:${o.appId}`;
  const lockMs = o.lockMs ?? 15_000;
  const pollMs = o.pollMs ?? 50;

  const read = async (): Promise<string | null> => {
    const [raw, stale] = await Promise.all([o.sessions.get(key), o.sessions.get(staleKey)]);
    if (!raw) return null;
    try {
      const stored = JSON.parse(raw) as Stored;
      if (typeof stored.token !== 'string' || !stored.token || stored.token === stale || stored.expiresAt <= Date.now()) return null;
      return stored.token;
    } catch {
      return null;
    }
  };

  const fetchToken = async (): Promise<Stored> => {
    const url = `${o.apiBase}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(o.appId)}&secret=${encodeURIComponent(o.appSecret)}`;
    let body: { access_token?: unknown; expires_in?: unknown; errcode?: unknown; errmsg?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(o.fetchTimeoutMs ?? 10_000) });
      body = (await res.json()) as typeof body;
    } catch (err) {
      // The URL carries the secret: say what failed, never where.
      throw new Error(`access token request failed: ${err instanceof Error ? err.name : 'error'}`);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new WechatApiError(Number(body.errcode ?? -1), String(body.errmsg ?? 'no access_token'), 'token');
    }
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 7200;
    return { token: body.access_token, expiresAt: Date.now() + seconds * 1000 };
  };

  const refresh = async (): Promise<string> => {
    const fresh = await fetchToken();
    const ttl = Math.max(fresh.expiresAt - Date.now() - MARGIN_MS, 1000);
    await o.sessions.put(key, JSON.stringify(fresh), ttl);
    return fresh.token;
  };

  return {
    async get() {
      const deadline = Date.now() + lockMs * 2;
      for (;;) {
        const token = await read();
        if (token) return token;
        if (await o.coordinator.claim(lockKey, '1', lockMs)) {
          try {
            // Another process may have stored one between our read and our lock.
            return (await read()) ?? (await refresh());
          } finally {
            await o.coordinator.release(lockKey).catch(() => undefined);
          }
        }
        if (Date.now() > deadline) throw new Error('access token: timed out waiting for another process to fetch it');
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    async invalidate(token) {
      await o.sessions.put(staleKey, token, 2 * 3_600_000);
    },
  };
}
