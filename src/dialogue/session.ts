import type { Session } from './types';

/** A resident's stored conversation before their first message: no profile, no intake. */
export function newSession(now: number): Session {
  return { v: 1, profile: {}, intake: null, lastActiveAt: now };
}
