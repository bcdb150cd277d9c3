import { sqlPool } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { forgetCaseNumberBlocks } from './case-number';
import type { FileCaseDeps, FileCaseInput, FiledCase } from './filing-types';
import { type CheckedFiling, fileCaseGroup } from './file-case-group';
import { createGroupCommit, type GroupCommit, ItemFailed } from './group-commit';

export type { FileCaseDeps, FileCaseInput, FiledCase } from './filing-types';

export class UnknownAreaError extends Error {
  override name = 'UnknownAreaError';
}

/** Filings written at the same time per service (each group holds one pooled connection). */
const GROUPS_IN_FLIGHT = 4;
/** The most filings in one transaction. */
const MAX_GROUP = 100;

/** One group committer per set of case dependencies (a service has one). */
const committers = new WeakMap<FileCaseDeps, GroupCommit<CheckedFiling, FiledCase>>();

/**
 * Writes a case into its category's ledger, with its FILED event, assigns it to its cadre and
 * enqueues their notifications, all in one transaction.
 *
 * This is the busiest write there is (a storm: a hundred households within minutes), so
 * filings that arrive together are written together (group commit, group-commit.ts): one
 * transaction and a statement per table for the group (file-case-group.ts). The cadre is chosen
 * first and the case inserted already ASSIGNED, with the FILED and ASSIGNED events and the
 * notices the ASSIGNED step causes, as assignCase would write them (which is still what
 * reassigns a reopened case). A group that fails is written again one filing at a time, so one
 * bad filing fails alone.
 */
export async function fileCase(deps: FileCaseDeps, input: FileCaseInput): Promise<FiledCase> {
  const areaId = deps.areaIds.get(input.areaCode);
  const area = deps.district.area(input.areaCode);
  if (areaId === undefined || !area) throw new UnknownAreaError(`unknown area ${input.areaCode}`);
  let committer = committers.get(deps);
  if (!committer) {
    committer = createGroupCommit({ write: (group) => fileGroup(deps, group), maxInFlight: GROUPS_IN_FLIGHT, maxGroup: MAX_GROUP });
    committers.set(deps, committer);
  }
  return committer.submit({ input, areaId, areaName: area.name });
}

/**
 * One group: each confirmation once (a duplicate in the same group gets the first's case, not
 * created again); if the group fails, each filing again on its own, so only the bad one fails.
 */
async function fileGroup(deps: FileCaseDeps, group: CheckedFiling[]): Promise<(FiledCase | ItemFailed)[]> {
  const first = new Map<string, number>();
  group.forEach((f, i) => first.has(f.input.confirmMessageId) || first.set(f.input.confirmMessageId, i));
  const distinct = group.filter((f, i) => first.get(f.input.confirmMessageId) === i);
  let results: (FiledCase | ItemFailed)[];
  try {
    results = await fileCaseGroup(deps, distinct);
  } catch (err) {
    forgetCaseNumberBlocks(sqlPool(deps.db));
    results = distinct.length === 1 && !isUniqueViolation(err) ? [new ItemFailed(err)] : await Promise.all(distinct.map((f) => fileAlone(deps, f)));
  }
  const byConfirm = new Map(distinct.map((f, i) => [f.input.confirmMessageId, results[i]!]));
  return group.map((f, i) => {
    const r = byConfirm.get(f.input.confirmMessageId)!;
    return first.get(f.input.confirmMessageId) === i || r instanceof ItemFailed ? r : { ...r, created: false };
  });
}

/**
 * A filing of a failed group, on its own. A number already taken (the counter was reset under
 * a block this process held) is tried once more with fresh numbers; any other error is its own.
 */
async function fileAlone(deps: FileCaseDeps, f: CheckedFiling): Promise<FiledCase | ItemFailed> {
  try {
    return (await fileCaseGroup(deps, [f]))[0]!;
  } catch (err) {
    if (!isUniqueViolation(err)) return new ItemFailed(err);
    forgetCaseNumberBlocks(sqlPool(deps.db));
    return fileCaseGroup(deps, [f]).then((r) => r[0]!, (e: unknown) => new ItemFailed(e));
  }
}

/** A unique index refused the row (23505), as pg or Prisma reports it. */
function isUniqueViolation(err: unknown): boolean {
  if ((err as { code?: unknown })?.code === '23505') return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002') return true;
    if (err.code === 'P2010') return /23505|unique/i.test(JSON.stringify(err.meta ?? {}) + err.message);
  }
  return err instanceof Error && /23505|duplicate key value violates unique constraint/.test(err.message);
}
