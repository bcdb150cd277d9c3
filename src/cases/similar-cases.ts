import { type Db, sqlPool } from '../db/client';
import type { District } from '../domain/district';
import type { CaseStatus } from '../generated/prisma/enums';
import { CASE_STATUSES, OPEN_STATUSES } from '../domain/case-status';
import { pgRows } from '../db/typed-sql';
import { z } from 'zod';
import { createGroupCommit } from './group-commit';
import { digitsInPlace } from '../domain/chinese-numbers';

/**
 * 我也遇到: finding the open case a new report is about. One indexed read (area, category, open
 * status, filed within the last `withinDays`; index Case(areaId, category, status, createdAt)),
 * then word closeness in memory over at most CANDIDATES rows.
 *
 * Closeness is character-bigram overlap, written here by hand rather than taken from a library:
 * Chinese has no spaces, so word-based measures need a segmenter (a dictionary of megabytes),
 * while bigrams of the characters catch "阴沟堵了" ~ "阴沟堵塞" well enough for a yes/no question
 * the resident answers anyway. It is a dozen lines and costs microseconds per pair.
 */

/** The newest open cases of the same area and category looked at; older ones are rarely the same problem. */
const CANDIDATES = 50;
/** Overlap coefficient at or above which two descriptions are "close in words". */
export const MIN_CLOSENESS = 0.3;
/** At least this many shared bigrams, so two three-character texts do not match on one pair. */
const MIN_SHARED = 2;

export type SimilarCase = {
  caseNumber: string;
  areaName: string;
  categoryName: string;
  locationText: string;
  description: string;
  households: number | null;
  reporterCount: number;
  status: CaseStatus;
  closeness: number;
};

/** Letters, digits and Han characters only, half-width and lower case: punctuation and spaces carry no meaning here. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function bigrams(text: string): Set<string> {
  const chars = [...normalise(text)];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Overlap coefficient |A∩B| / min(|A|,|B|) of the two texts' bigrams, 0 to 1. Chosen over Jaccard
 * because reports differ in length: a short "阴沟又堵了" inside a long description still scores high.
 */
export function closeness(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  return shared < Math.min(MIN_SHARED, small.size) ? 0 : shared / small.size;
}

/**
 * Two places are the same unless both are given and share nothing: "花园路1栋" and "花园路1栋门口"
 * are one place, "3组" and "7组" are not, and a report without detail matches any.
 */
export function samePlace(a: string, b: string): boolean {
  // House, building and group numbers decide: "花园路4栋" and "花园路88栋" are two buildings.
  const numbers = (t: string) => new Set(normalise(t).match(/\d+/g) ?? []);
  const [na, nb] = [numbers(a), numbers(b)];
  // One may say less than the other ("5栋" and "5栋2单元"), but not something else ("89栋2单元").
  const within = (x: Set<string>, y: Set<string>) => [...x].every((n) => y.has(n));
  if (na.size > 0 && nb.size > 0 && !within(na, nb) && !within(nb, na)) return false;
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return normalise(a) === normalise(b) || !normalise(a) || !normalise(b);
  return closeness(a, b) >= 0.5;
}

/**
 * The numbered place both reports name: a street, estate or group with its numbers ("新华路5栋",
 * "3组"). Two reports of one category in one area at the same such place are the same problem
 * however differently they are worded ("楼下下水道堵了" / "门口阴沟堵了"); a place without a number
 * (a whole street) says too little, and then the words decide.
 */
export function sameNumberedPlace(a: string, b: string): boolean {
  const key = (t: string) => {
    const n = digitsInPlace(normalise(t));
    const m = /^(\D*?)(\d+)(?:栋|幢|号楼|号|组|单元)/u.exec(n);
    return m ? { name: m[1]!, numbers: n.match(/\d+/g) ?? [] } : null;
  };
  const [x, y] = [key(a), key(b)];
  if (!x || !y) return false;
  if (x.name && y.name && !x.name.includes(y.name) && !y.name.includes(x.name)) return false;
  return samePlace(a, b) && x.numbers[0] === y.numbers[0];
}

export type SimilarCaseQuery = {
  areaCode: string;
  categoryCode: string;
  description: string;
  locationText: string;
  at: Date;
  withinDays: number;
};

const candidateRow = z.object({
  i: z.coerce.number(),
  caseNumber: z.string(),
  description: z.string(),
  locationText: z.string(),
  households: z.number().nullable(),
  reporterCount: z.number(),
  status: z.enum(CASE_STATUSES),
});
type Candidate = z.output<typeof candidateRow>;

type SimilarDeps = { db: Db; district: District; areaIds: ReadonlyMap<string, number> };

/**
 * The 我也遇到 look-up, read in groups: the reports that reach the place step together (a storm)
 * are one statement (one LATERAL read per report, each on the (areaId, category, status,
 * createdAt) index) instead of one round trip each. A quiet system's look-up leaves at once.
 */
export function createSimilarCaseFinder(deps: SimilarDeps): (q: SimilarCaseQuery) => Promise<SimilarCase | null> {
  const reads = createGroupCommit<SimilarCaseQuery & { areaId: number }, Candidate[]>({
    maxInFlight: 2,
    maxGroup: 200,
    write: (group) => candidates(deps.db, group),
  });
  return async (q) => {
    const areaId = deps.areaIds.get(q.areaCode);
    if (areaId === undefined) return null;
    return closest(deps.district, q, await reads.submit({ ...q, areaId }));
  };
}

/** The newest open cases of each query's area and category, filed within its days; one list per query, in order. */
async function candidates(db: Db, group: (SimilarCaseQuery & { areaId: number })[]): Promise<Candidate[][]> {
  const rows = await pgRows(
    sqlPool(db),
    candidateRow,
    `SELECT q.i, c.*
     FROM unnest($1::int[], $2::text[], $3::timestamp[]) WITH ORDINALITY AS q(area, category, since, i)
     CROSS JOIN LATERAL (
       SELECT "caseNumber", description, "locationText", households, "reporterCount", status
       FROM "Case"
       WHERE "areaId" = q.area AND category = q.category AND status = ANY($4::"CaseStatus"[]) AND "createdAt" >= q.since
       ORDER BY "createdAt" DESC
       LIMIT $5
     ) c`,
    [
      group.map((q) => q.areaId),
      group.map((q) => q.categoryCode),
      group.map((q) => new Date(q.at.getTime() - q.withinDays * 24 * 3_600_000).toISOString()),
      [...OPEN_STATUSES],
      CANDIDATES,
    ],
  );
  const out: Candidate[][] = group.map(() => []);
  for (const r of rows) out[r.i - 1]!.push(r);
  return out;
}

/** The closest of the candidates to the report, or null. */
function closest(district: District, q: SimilarCaseQuery, rows: Candidate[]): SimilarCase | null {
  const areaName = district.area(q.areaCode)?.name ?? '';
  let best: SimilarCase | null = null;
  const categoryName = district.category(q.categoryCode).name;
  for (const r of rows) {
    if (!samePlace(q.locationText, r.locationText)) continue;
    const score = sameNumberedPlace(q.locationText, r.locationText) ? 1 : closeness(q.description, r.description);
    if (score < MIN_CLOSENESS || (best && score <= best.closeness)) continue;
    best = {
      caseNumber: r.caseNumber,
      areaName,
      categoryName,
      locationText: r.locationText,
      description: r.description,
      households: r.households,
      reporterCount: r.reporterCount,
      status: r.status,
      closeness: score,
    };
  }
  return best;
}
