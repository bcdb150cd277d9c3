import { CASE_STATUSES, nextStatus, type CaseAction } from '../../src/domain/case-status';
import type { CaseStatus } from '../../src/generated/prisma/enums';

/** Every status, from the Prisma enum (src/domain/case-status.ts). */
const ALL: readonly CaseStatus[] = CASE_STATUSES;

describe('the case status machine', () => {
  it('walks the whole life of a case', () => {
    let status: CaseStatus = 'FILED';
    const path: CaseAction[] = ['assign', 'accept', 'progress', 'progress', 'resolve', 'reopen', 'assign', 'accept', 'resolve', 'close'];
    const seen: CaseStatus[] = [];
    for (const action of path) {
      const t = nextStatus(status, action);
      if (!t.ok) throw new Error(`${action} refused from ${status}`);
      status = t.to;
      seen.push(status);
    }
    expect(seen).toEqual(['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'IN_PROGRESS', 'RESOLVED', 'REOPENED', 'ASSIGNED', 'ACCEPTED', 'RESOLVED', 'CLOSED']);
  });

  it('transfers open work back to ASSIGNED for the new cadre', () => {
    for (const from of ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'] as const) expect(nextStatus(from, 'transfer')).toEqual({ ok: true, to: 'ASSIGNED' });
  });

  it.each([
    ['FILED', 'accept'],
    ['ASSIGNED', 'resolve'],
    ['ASSIGNED', 'progress'],
    ['RESOLVED', 'accept'],
    ['RESOLVED', 'transfer'],
    ['CLOSED', 'progress'],
    ['ACCEPTED', 'accept'],
    ['DUPLICATE', 'assign'],
  ] as [CaseStatus, CaseAction][])('refuses %s → %s, saying from where', (from, action) => {
    expect(nextStatus(from, action)).toEqual({ ok: false, from, action });
  });

  it('never lets a closed or duplicate case be worked on without reopening', () => {
    for (const action of ['accept', 'progress', 'resolve', 'transfer'] as CaseAction[]) {
      expect(nextStatus('CLOSED', action).ok).toBe(false);
      expect(nextStatus('DUPLICATE', action).ok).toBe(false);
    }
    expect(ALL.filter((s) => nextStatus(s, 'reopen').ok)).toEqual(['RESOLVED', 'CLOSED']);
  });
});
