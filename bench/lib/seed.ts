import { Client } from 'pg';
import { applyMigrations } from '../../src/db/migrate';
import { seedDistrict } from '../../src/db/seed';
import { createDb } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';
import { admin, databaseExists, dbUrl, recreateDatabase } from './env';

/**
 * A case database of a given size for the scheduler and HTTP benches, seeded with SQL
 * (INSERT … SELECT generate_series): most cases closed over three years of history (those closed
 * over a year ago already anonymised, retention's steady state), and a tail of the last TAIL cases
 * that is live work, the same at every size, so a job's time should not depend on N. The tail is
 * put into the shape of the job about to run (resetLiveWork), 10,000 due items each:
 *   open        ASSIGNED 10 days ago, time-limit check and resident update due (also the shape
 *               the HTTP bench and the digests see)
 *   follow-ups  RESOLVED: 1..6000 follow-up due (ask), 6001..8000 asked 4 days ago (remind),
 *               8001..10000 reminded 4 days ago (close as no reply)
 *   retention   CLOSED: 1..1000 closed 400 days ago and not yet anonymised, the rest 10 days ago
 * Every cadre is bound to WeChat (the digest goes to bound cadres). The database is kept and reused
 * when its comment says it has this seed version and size (SEED_VERSION; --reseed rebuilds it).
 */
/**
 * 2: cases closed over a year ago are seeded already anonymised (retention's steady state).
 * 3: a tail of 10,000 due items per job, shaped per job.
 */
export const SEED_VERSION = 3;
export const TAIL = 10_000;
export type TailShape = 'open' | 'follow-ups' | 'retention';
/** The tail's shape each scheduled job is timed with (others: open). */
export const JOB_SHAPES: Record<string, TailShape> = { 'follow-ups': 'follow-ups', retention: 'retention' };

export type SeedMeta = { v: number; cases: number; t0: string; maxEventId: number; maxAnsweredFollowUpId: number; seededInSeconds: number };

export const benchDbName = (cases: number) => `lianxin_bench_${cases >= 1_000_000 && cases % 1_000_000 === 0 ? `${cases / 1_000_000}m` : cases}`;

async function readMeta(name: string): Promise<SeedMeta | null> {
  if (!(await databaseExists(name))) return null;
  return admin(async (c) => {
    const { rows } = await c.query<{ comment: string | null }>('SELECT shobj_description(oid, \'pg_database\') AS comment FROM pg_database WHERE datname = $1', [name]);
    try {
      return rows[0]?.comment ? (JSON.parse(rows[0].comment) as SeedMeta) : null;
    } catch {
      return null;
    }
  });
}

/** Ensures the database exists with `cases` cases (reusing it when its shape is right); returns its meta. */
export async function ensureSeeded(cases: number, opts: { reseed: boolean; log: (s: string) => void }): Promise<{ name: string; meta: SeedMeta; reused: boolean }> {
  if (cases < TAIL) throw new Error(`at least ${TAIL} cases`);
  const name = benchDbName(cases);
  const existing = await readMeta(name);
  if (!opts.reseed && existing && existing.v === SEED_VERSION && existing.cases === cases) {
    // Migrations added since the seed (other engineers' work) are applied; the data stays. A
    // migration edited after it was applied here cannot be: then the database is seeded again.
    try {
      await applyMigrations(dbUrl(name));
      opts.log(`${name}: reusing (${cases} cases seeded ${existing.t0})`);
      return { name, meta: existing, reused: true };
    } catch (err) {
      opts.log(`${name}: cannot reuse (${(err as Error).message}); seeding again`);
    }
  }
  opts.log(`${name}: seeding ${cases} cases …`);
  const began = Date.now();
  await recreateDatabase(name);
  await applyMigrations(dbUrl(name));
  const district = loadDistrictData();
  const db = createDb(dbUrl(name), { poolSize: 2 });
  try {
    await seedDistrict(db, district);
  } finally {
    await db.$disconnect();
  }
  const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const c = new Client({ connectionString: dbUrl(name) });
  await c.connect();
  try {
    await c.query('SET synchronous_commit = off');
    await c.query("SET maintenance_work_mem = '256MB'");
    const meta = await seed(c, cases, t0, district.categories.map((k) => ({ code: k.code, ledger: k.ledger })), opts.log);
    meta.seededInSeconds = Math.round((Date.now() - began) / 1000);
    await admin((a) => a.query(`COMMENT ON DATABASE "${name}" IS '${JSON.stringify(meta)}'`));
    opts.log(`${name}: seeded in ${meta.seededInSeconds} s`);
    return { name, meta, reused: false };
  } finally {
    await c.end();
  }
}

async function seed(c: Client, n: number, t0: Date, categories: { code: string; ledger: string }[], log: (s: string) => void): Promise<SeedMeta> {
  const { rows: areas } = await c.query<{ id: number; cadre: number }>(`
    SELECT a.id, COALESCE(
      (SELECT min(k.id) FROM "Cadre" k WHERE k."areaId" = a.id),
      (SELECT min(k.id) FROM "Cadre" k WHERE k.role = 'SUPERVISOR')) AS cadre
    FROM "Area" a WHERE a.kind IN ('VILLAGE', 'COMMUNITY') ORDER BY a.id`);
  await c.query(`UPDATE "Cadre" SET "wechatKey" = 'LX-bench' || lpad(id::text, 8, '0'), "boundAt" = $1 WHERE "wechatKey" IS NULL`, [t0]);
  const residents = Math.max(1000, Math.floor(n / 10));
  const h = n - TAIL;
  const p = { t0, areaIds: areas.map((a) => a.id), cadreIds: areas.map((a) => a.cadre), cats: categories.map((k) => k.code), ledgers: categories.map((k) => k.ledger) };
  const step = async (what: string, sql: string, params: unknown[]) => {
    const began = Date.now();
    const r = await c.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows, ${((Date.now() - began) / 1000).toFixed(1)} s`);
  };
  await step('residents', `
    INSERT INTO "Resident" (id, channel, "channelKey", "displayName", phone, "contactRef", "areaId", "createdAt", "updatedAt")
    SELECT g, 'wechat', 'LX-r' || lpad(g::text, 10, '0'), '居民' || g, '139' || lpad((g % 100000000)::text, 8, '0'), NULL,
      ($2::int[])[1 + g % array_length($2::int[], 1)], $1::timestamp - interval '3 years', $1::timestamp - interval '3 years'
    FROM generate_series(1, $3::int) g`, [t0, p.areaIds, residents]);
  await c.query(`SELECT setval(pg_get_serial_sequence('"Resident"', 'id'), $1)`, [residents]);

  // Each case's shape is a function of its id g; the tail's live state is recomputed by resetLiveWork.
  await step('cases', `
    INSERT INTO "Case" (id, "caseNumber", ledger, category, priority, status, description, "locationText", households, "contactPhone",
      "areaId", "residentId", "assigneeId", "confirmMessageId", channel, "acceptDueAt", "resolveDueAt", "acceptedAt", "resolvedAt",
      "closedAt", "closeReason", "createdAt", "updatedAt", "escalationLevel", reminded, "anonymisedAt")
    SELECT g, 'GJ-' || to_char(s.created, 'YYYYMMDD') || '-' || lpad(g::text, 7, '0'),
      (($4::text[])[1 + g % array_length($4::text[], 1)])::"Ledger", ($3::text[])[1 + g % array_length($3::text[], 1)],
      s.priority::"Priority", 'CLOSED', '案件' || g || '：阴沟堵塞，污水外流，影响出行', (g % 9 + 1) || '组', g % 80 + 1,
      '139' || lpad((g % 100000000)::text, 8, '0'), ($5::int[])[1 + g % array_length($5::int[], 1)], 1 + g % $7::int,
      ($6::int[])[1 + g % array_length($6::int[], 1)], 'bench:' || g, 'wechat',
      s.created + s.accept_h * interval '1 hour', s.created + s.resolve_h * interval '1 hour',
      s.created + interval '2 hours', s.created + interval '3 days', s.created + interval '5 days', 'SATISFIED',
      s.created, s.created + interval '5 days', 0, false,
      CASE WHEN s.created + interval '5 days' <= $1::timestamp - interval '365 days' THEN $1::timestamp END
    FROM generate_series(1, $2::int) g
    CROSS JOIN LATERAL (SELECT
      $1::timestamp - interval '30 days' - (($2::int - g)::float8 / $2::int) * interval '1095 days' AS created,
      (ARRAY['URGENT','SERIOUS','DEFERRABLE','MINOR'])[1 + g % 4] AS priority,
      (ARRAY[2, 24, 48, 72])[1 + g % 4] AS accept_h,
      (ARRAY[24, 168, 720, 360])[1 + g % 4] AS resolve_h) s`,
    [t0, n, p.cats, p.ledgers, p.areaIds, p.cadreIds, residents]);
  await c.query(`SELECT setval(pg_get_serial_sequence('"Case"', 'id'), $1)`, [n]);
  await resetTail(c, n, t0, 'open');
  await step('events', `
    INSERT INTO "CaseEvent" ("caseId", type, "actorKind", "actorId", "fromStatus", "toStatus", note, "createdAt")
    SELECT id, 'FILED'::"CaseEventType", 'RESIDENT'::"ActorKind", "residentId", NULL::"CaseStatus", 'FILED'::"CaseStatus", NULL, "createdAt" FROM "Case"
    UNION ALL
    SELECT id, 'RESOLVED', 'CADRE', "assigneeId", 'IN_PROGRESS', 'RESOLVED', '已清理疏通，恢复正常', "resolvedAt" FROM "Case" WHERE "resolvedAt" IS NOT NULL
    ORDER BY 8`, []);
  await step('follow-ups', `
    INSERT INTO "FollowUp" ("caseId", "residentId", "askedAt", "remindedAt", "answeredAt", answer)
    SELECT id, "residentId", "closedAt" - interval '1 day', NULL, "closedAt",
      (CASE WHEN id % 20 = 0 THEN 'UNSATISFIED' WHEN id % 20 = 1 THEN 'NO_REPLY' WHEN id % 20 < 4 THEN 'PARTLY' ELSE 'SATISFIED' END)::"FollowUpAnswer"
    FROM "Case" WHERE status = 'CLOSED' ORDER BY id`, []);
  const { rows: [maxes] } = await c.query<{ e: number; f: number }>(`SELECT (SELECT COALESCE(max(id), 0) FROM "CaseEvent") AS e, (SELECT COALESCE(max(id), 0) FROM "FollowUp") AS f`);
  await resetFollowUps(c, n, t0, maxes!.f, 'open');
  const began = Date.now();
  // What autovacuum does for a real database, done now so that the first requests meet it too.
  // INDEX_CLEANUP ON: the tail's first versions (inserted, then shaped by resetTail) are under 2 %
  // of the pages, so a plain VACUUM skips the indexes ("index scan bypassed"), leaving 10,000 dead
  // entries in every index of "Case" and those pages not all-visible: a fresh seed then reads
  // slower than one that has been used (and vacuumed again) for a while.
  await c.query('VACUUM (ANALYZE, INDEX_CLEANUP ON)');
  log(`  vacuum analyze: ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return { v: SEED_VERSION, cases: n, t0: t0.toISOString(), maxEventId: maxes!.e, maxAnsweredFollowUpId: maxes!.f, seededInSeconds: 0 };
}

/** The tail's live state in one of its shapes (see the header); idempotent. */
async function resetTail(c: { query: Client['query'] }, n: number, t0: Date, shape: TailShape): Promise<void> {
  const h = n - TAIL;
  const k = { open: 0, 'follow-ups': 1, retention: 2 }[shape];
  await c.query(`
    UPDATE "Case" k SET status = s.status::"CaseStatus", "createdAt" = s.created, "updatedAt" = s.created,
      "acceptDueAt" = s.created + interval '24 hours', "resolveDueAt" = s.created + interval '168 hours', priority = 'SERIOUS',
      "acceptedAt" = s.accepted, "resolvedAt" = s.resolved, "closedAt" = s.closed, "closeReason" = s.reason, "reopenedAt" = NULL,
      "followUpDueAt" = s.follow_up_due, "nextCheckAt" = s.next_check, "nextUpdateAt" = s.next_update,
      "watchPhase" = s.phase, reminded = s.phase IS NOT NULL, "escalationLevel" = 0,
      "anonymisedAt" = NULL, "contactPhone" = '139' || lpad((k.id % 100000000)::text, 8, '0'),
      "caseNumber" = 'GJ-' || to_char(s.created, 'YYYYMMDD') || '-' || lpad(k.id::text, 7, '0')
    FROM (SELECT g AS id, t,
      CASE $4::int WHEN 0 THEN 'ASSIGNED' WHEN 1 THEN 'RESOLVED' ELSE 'CLOSED' END AS status,
      CASE $4::int WHEN 0 THEN $1::timestamp - interval '10 days' WHEN 1 THEN $1::timestamp - interval '12 days'
        ELSE $1::timestamp - CASE WHEN t <= 1000 THEN interval '410 days' ELSE interval '20 days' END END AS created,
      CASE WHEN $4::int > 0 THEN $1::timestamp - CASE WHEN $4::int = 2 AND t <= 1000 THEN interval '409 days' ELSE interval '11 days' END END AS accepted,
      CASE $4::int WHEN 1 THEN $1::timestamp - CASE WHEN t <= 6000 THEN interval '25 hours' ELSE interval '10 days' END
        WHEN 2 THEN $1::timestamp - CASE WHEN t <= 1000 THEN interval '405 days' ELSE interval '15 days' END END AS resolved,
      CASE WHEN $4::int = 2 THEN $1::timestamp - CASE WHEN t <= 1000 THEN interval '400 days' ELSE interval '10 days' END END AS closed,
      CASE WHEN $4::int = 2 THEN 'SATISFIED' END AS reason,
      CASE WHEN $4::int = 1 AND t <= 6000 THEN $1::timestamp - interval '1 hour' END AS follow_up_due,
      CASE WHEN $4::int = 0 THEN $1::timestamp - interval '1 minute' END AS next_check,
      CASE WHEN $4::int = 0 THEN $1::timestamp - interval '1 hour' END AS next_update,
      CASE WHEN $4::int = 0 THEN 'ACCEPT' END AS phase
      FROM generate_series($2::int + 1, $3::int) g, LATERAL (SELECT g - $2::int AS t) tt) s
    WHERE k.id = s.id`, [t0, h, n, k]);
}

/** Unanswered follow-ups (ids after the answered ones): in the follow-ups shape, tail 6001..10000's. */
async function resetFollowUps(c: { query: Client['query'] }, n: number, t0: Date, maxAnswered: number, shape: TailShape): Promise<void> {
  const h = n - TAIL;
  await c.query(`DELETE FROM "FollowUp" WHERE id > $1`, [maxAnswered]);
  if (shape === 'follow-ups') {
    await c.query(`
      INSERT INTO "FollowUp" (id, "caseId", "residentId", "askedAt", "remindedAt", "answeredAt", answer)
      SELECT $1::int + (k.id - $2::int - 6000), k.id, k."residentId",
        CASE WHEN k.id - $2::int <= 8000 THEN $3::timestamp - interval '4 days' ELSE $3::timestamp - interval '7 days' END,
        CASE WHEN k.id - $2::int <= 8000 THEN NULL ELSE $3::timestamp - interval '4 days' END, NULL, NULL
      FROM "Case" k WHERE k.id > $2::int + 6000 AND k.id <= $2::int + 10000 ORDER BY k.id`, [maxAnswered, h, t0]);
  }
  // At the smallest size nothing is answered yet: the sequence then starts afresh (is_called false).
  const last = maxAnswered + (shape === 'follow-ups' ? 4000 : 0);
  await c.query(`SELECT setval(pg_get_serial_sequence('"FollowUp"', 'id'), GREATEST($1::int, 1), $1::int > 0)`, [last]);
}

/** Puts the live work back as seeded, in the shape a job needs (before each timed job run): the jobs change it as they go. */
export async function resetLiveWork(name: string, meta: SeedMeta, shape: TailShape = 'open'): Promise<void> {
  const c = new Client({ connectionString: dbUrl(name) });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query('DELETE FROM "OutboxMessage"');
    await c.query('DELETE FROM "JobRun"');
    await c.query('DELETE FROM "CaseEvent" WHERE id > $1', [meta.maxEventId]);
    await resetTail(c, meta.cases, new Date(meta.t0), shape);
    await resetFollowUps(c, meta.cases, new Date(meta.t0), meta.maxAnsweredFollowUpId, shape);
    await c.query('COMMIT');
    await c.query('VACUUM (ANALYZE, INDEX_CLEANUP ON) "Case", "OutboxMessage", "FollowUp", "CaseEvent"');
  } finally {
    await c.end();
  }
}
