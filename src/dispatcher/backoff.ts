const HOUR = 3_600_000;

/**
 * Delay before attempt `attempts + 1`: base · 2^(attempts-1), ±20 % jitter so many failed
 * rows do not retry in one burst, capped at an hour.
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), HOUR);
  return Math.round(Math.min(HOUR, exp * (0.8 + 0.4 * random())));
}
