import type { Logger } from '../../logging/logger';

export const WECHAT_UNREACHABLE = 'WeChat unreachable; the web chat and dashboard keep working';

/**
 * What the log says about the WeChat connection. A puppet that cannot reach WeChat retries many
 * times a minute; a newcomer needs one plain line, not an error a minute. So: one warning when
 * WeChat cannot be reached, then the same trouble again at info level, until the state changes (a
 * QR code to scan or a login means WeChat was reached; after that a failure warns once more).
 * Errors while logged in are real ones and stay at error level, one line per distinct error a minute.
 */
export function wechatConnectionLog(logger: Logger, opts: { windowMs?: number; now?: () => number } = {}) {
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  let state: 'starting' | 'reachable' | 'logged-in' | 'unreachable' = 'starting';
  let held = 0;
  let lastInfo = 0;
  const seen = new Map<string, { at: number; held: number }>();
  const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

  return {
    /** An error from the bot or its puppet. */
    error(err: unknown): void {
      const message = reason(err);
      if (state === 'logged-in') {
        const last = seen.get(message);
        if (last && now() - last.at < windowMs) {
          last.held++;
          return;
        }
        seen.set(message, { at: now(), held: 0 });
        logger.error('wechaty error', { error: message, repeatedSinceLast: last?.held ?? 0 });
        return;
      }
      if (state !== 'unreachable') {
        state = 'unreachable';
        held = 0;
        lastInfo = now();
        logger.warn(WECHAT_UNREACHABLE, { reason: message });
        return;
      }
      held++;
      // At most one info line a window while nothing changes.
      if (now() - lastInfo < windowMs) return;
      lastInfo = now();
      logger.info('WeChat still unreachable', { reason: message, triesSinceWarning: held });
    },
    /** A QR code to scan: WeChat answered. */
    reached(): void {
      if (state === 'unreachable') logger.info('WeChat reachable again', { after: held });
      if (state !== 'logged-in') state = 'reachable';
    },
    loggedIn(): void {
      state = 'logged-in';
      seen.clear();
    },
    loggedOut(): void {
      state = 'reachable';
    },
    state: () => state,
  };
}
