import type { Pool } from 'pg';
import { createGroupCommit, ItemFailed } from '../../src/cases/group-commit';
import { chooseAssignees } from '../../src/cases/route-cases';
import { forgetCaseNumberBlocks, takeCaseNumbers } from '../../src/cases/case-number';
import type { Queryable } from '../../src/db/client';

describe('group commit', () => {
  it('writes items arriving together as one group, and the ones arriving meanwhile as the next', async () => {
    const groups: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const commit = createGroupCommit<number, string>({
      maxInFlight: 1,
      maxGroup: 100,
      write: async (group) => {
        groups.push(group);
        if (groups.length === 1) await gate;
        return group.map((n) => `#${n}`);
      },
    });
    const first = [1, 2, 3].map((n) => commit.submit(n));
    await new Promise((r) => setImmediate(r));
    const later = [4, 5].map((n) => commit.submit(n));
    release();
    expect(await Promise.all([...first, ...later])).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(groups).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('fails only the item the writer says failed, and every item when the writer throws', async () => {
    const commit = createGroupCommit<number, number>({
      maxInFlight: 2,
      maxGroup: 10,
      write: async (group) => {
        if (group.includes(99)) throw new Error('all');
        return group.map((n) => (n === 2 ? new ItemFailed(new Error('two')) : n));
      },
    });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expect(commit.submit(99)).rejects.toThrow('all');
  });

  it('keeps groups to their largest size', async () => {
    const sizes: number[] = [];
    const commit = createGroupCommit<number, number>({ maxInFlight: 1, maxGroup: 4, write: async (g) => (sizes.push(g.length), g) });
    await Promise.all(Array.from({ length: 10 }, (_, i) => commit.submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});

describe('routing a group', () => {
  const area = (id: number, open: number, categories = ['DRAINAGE']) => ({ kind: 'area', forArea: 7, id, name: `c${id}`, phone: '1', areaName: 'A', categories, open });
  const lead = { kind: 'lead', forArea: 7, id: 50, name: 'lead', phone: '1', areaName: 'A', categories: null, open: 0 };
  const fake = (rows: object[]): Queryable => ({ query: async <T>() => ({ rows: rows as T[] }) });

  it('spreads the group over the area’s cadres, fewest open cases first, as filing one by one would', async () => {
    const q = fake([lead, area(2, 3), area(1, 1), area(3, 1, ['ROADS'])]);
    const chosen = await chooseAssignees(q, Array.from({ length: 5 }, () => ({ areaId: 7, category: 'DRAINAGE', preferCadreId: null })));
    // 1 has 1 open, 2 has 3: 1, 1 (now 3 each, tie to the lower id), 1, then 2, 1.
    expect(chosen.map((c) => c?.id)).toEqual([1, 1, 1, 2, 1]);
  });

  it('falls back to the nearest lead, and to nobody', async () => {
    const chosen = await chooseAssignees(fake([lead]), [{ areaId: 7, category: 'DISPUTE', preferCadreId: null }, { areaId: 8, category: 'DISPUTE', preferCadreId: null }]);
    expect(chosen.map((c) => c?.id ?? null)).toEqual([50, null]);
  });
});

describe('case numbers from blocks', () => {
  function counter() {
    const state = { last: 0, statements: 0 };
    const pool = { query: async (_sql: string, [, , n]: [string, string, number]) => ((state.statements++, (state.last += n)), { rows: [{ last: state.last }] }) };
    return { state, pool: pool as unknown as Pool };
  }

  it('reserves nothing ahead when filings are rare, so the day stays dense', async () => {
    const { state, pool } = counter();
    expect(await takeCaseNumbers(pool, 'GJ', '20260301', 1, 1_000)).toEqual(['GJ-20260301-0001']);
    expect(await takeCaseNumbers(pool, 'GJ', '20260301', 2, 10_000)).toEqual(['GJ-20260301-0002', 'GJ-20260301-0003']);
    expect(state.last).toBe(3);
  });

  it('under load takes a block ahead and serves the next groups from memory, numbers unique and in order', async () => {
    const { state, pool } = counter();
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) seen.push(...(await takeCaseNumbers(pool, 'GJ', '20260301', 3, 5_000 + i * 100)));
    expect(new Set(seen).size).toBe(90);
    expect(seen).toEqual([...seen].sort());
    // The first second one statement per group (10), then about one a second: 30 groups, 12 statements.
    expect(state.statements).toBeLessThanOrEqual(12);
    forgetCaseNumberBlocks(pool);
    const next = await takeCaseNumbers(pool, 'GJ', '20260301', 1, 9_000);
    expect(next[0]! > seen[seen.length - 1]!).toBe(true);
  });
});
