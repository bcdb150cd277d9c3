import type { Pool } from 'pg';
import { z } from 'zod';
import { asQueryable, type DbTx, type Queryable } from '../db/client';
import { pgRows } from '../db/typed-sql';
import { caseDay, formatCaseNumber } from '../domain/case-number';

/**
 * Takes the next number of the day. An atomic upsert on its own (outside the filing
 * transaction) so concurrent filings do not queue behind one row lock until commit; the
 * price is a gap in the sequence if a filing fails after taking its number.
 */
export async function nextCaseNumber(db: DbTx | Queryable, prefix: string, at: Date, timeZone: string): Promise<string> {
  const day = caseDay(at, timeZone);
  const last = await reserve(asQueryable(db), prefix, day, 1);
  return formatCaseNumber(prefix, day, last);
}

const counterRow = z.object({ last: z.number() });

/** Moves the day's counter on by `count` in one statement (its own commit); returns the new last number. */
async function reserve(q: Queryable, prefix: string, day: string, count: number): Promise<number> {
  const rows = await pgRows(
    q,
    counterRow,
    `INSERT INTO "CaseNumberCounter" (prefix, day, last) VALUES ($1, $2, $3)
     ON CONFLICT (prefix, day) DO UPDATE SET last = "CaseNumberCounter".last + $3
     RETURNING last`,
    [prefix, day, count],
  );
  return rows[0]!.last;
}

/** Numbers this process holds for one day: `next` up to and including `last`. */
type Block = { next: number; last: number };

/** Filings counted per second, to size the next block. */
type Rate = { second: number; thisSecond: number; lastSecond: number };

type Numbers = { blocks: Map<string, Block>; rate: Rate };

/** Per pool (one database), never shared across databases that happen to use the same prefix. */
const perPool = new WeakMap<Pool, Numbers>();

/** The most numbers reserved ahead of need: what a restart can leave as a gap in one day's sequence. */
const MAX_AHEAD = 64;

/**
 * Case numbers for a group of filings of one day, in order, without touching the counter row
 * for every filing. The day's counter is moved on once for what the group needs plus, under
 * load, a block ahead (as many as were filed in the last second, at most 64): during a storm
 * most groups take their numbers from memory, and the counter row stops being the one hot row
 * every filing queues on. When filings are rare nothing is reserved ahead, so the sequence
 * stays dense; a process that stops leaves at most the unused rest of its block as a gap.
 * Numbers stay unique across processes (each block is the counter's), not in time order.
 */
export async function takeCaseNumbers(pool: Pool, prefix: string, day: string, count: number, nowMs = Date.now()): Promise<string[]> {
  let numbers = perPool.get(pool);
  if (!numbers) perPool.set(pool, (numbers = { blocks: new Map(), rate: { second: 0, thisSecond: 0, lastSecond: 0 } }));
  const ahead = Math.min(MAX_AHEAD, countFilings(numbers.rate, nowMs, count));
  const key = `${prefix}-${day}`;
  const taken: number[] = [];
  const block = numbers.blocks.get(key);
  while (block && block.next <= block.last && taken.length < count) taken.push(block.next++);
  if (taken.length < count) {
    const want = count - taken.length;
    // Awaited: another group may take from the map meanwhile, so the new block replaces it whole.
    const last = await reserve(pool, prefix, day, want + ahead);
    const first = last - want - ahead + 1;
    for (let n = first; n < first + want; n++) taken.push(n);
    if (ahead > 0) numbers.blocks.set(key, { next: first + want, last });
    else numbers.blocks.delete(key);
  }
  return taken.map((n) => formatCaseNumber(prefix, day, n));
}

/**
 * Forgets the blocks held for this database: after a filing failed on a number already taken
 * (someone reset the counter, as tests do), the next numbers come from the counter again.
 */
export function forgetCaseNumberBlocks(pool: Pool): void {
  perPool.get(pool)?.blocks.clear();
}

/** Counts `n` filings now; returns how many were filed in the last whole second. */
function countFilings(rate: Rate, nowMs: number, n: number): number {
  const second = Math.floor(nowMs / 1000);
  if (second !== rate.second) {
    rate.lastSecond = second === rate.second + 1 ? rate.thisSecond : 0;
    rate.thisSecond = 0;
    rate.second = second;
  }
  rate.thisSecond += n;
  return rate.lastSecond;
}
