import { retryDelayMs } from '../../src/dispatcher/backoff';
import { nextWindow } from '../../src/dispatcher/rate-limit';

describe('retry back-off', () => {
  it('doubles from the base', () => {
    expect(retryDelayMs(1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(2, 30_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(3, 30_000, () => 0.5)).toBe(120_000);
  });

  it('spreads retries by ±20 % so failed rows do not all come back at once', () => {
    expect(retryDelayMs(3, 30_000, () => 0)).toBe(96_000);
    expect(retryDelayMs(3, 30_000, () => 1)).toBe(144_000);
  });

  it('never waits more than an hour', () => {
    expect(retryDelayMs(30, 30_000, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(1_000, 30_000, () => 0.99)).toBe(3_600_000);
  });
});

describe('rate-limit windows', () => {
  it('a refused send may try again at the start of the next minute', () => {
    expect(nextWindow(new Date('2026-03-06T02:00:10.500Z'))).toEqual(new Date('2026-03-06T02:01:00Z'));
    expect(nextWindow(new Date('2026-03-06T02:00:00Z'))).toEqual(new Date('2026-03-06T02:01:00Z'));
  });
});
