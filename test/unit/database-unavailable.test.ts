import { isDatabaseUnavailable } from '../../src/db/database-errors';

describe('telling an unreachable database from a fault', () => {
  it('recognises connection errors, also when wrapped', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: Object.assign(new Error('x'), { code: 'P1001' }) }))).toBe(true);
  });

  it('does not take a bug or a refused statement for an outage', () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'flatMap')"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('null value in column'), { code: '23502' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
