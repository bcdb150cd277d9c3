import type { FastifyInstance } from 'fastify';
import { runCli } from '../support/run-cli';
import { scratchDb } from '../support/scratch-db';
import { startTestService, type TestService } from '../support/test-service';
import { deskBrowser } from '../support/desk-browser';
import { runDemoCommand } from '../../src/cli/demo-command';
import { runStatsCommand } from '../../src/cli/stats-command';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { dayOf } from '../../src/domain/time';
import { LEDGERS } from '../../src/domain/ledger';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

/** A link to a case page in the ledger: the case-number pattern src exports. */
const CASE_LINK = new RegExp(`href="/cases/${CASE_NUMBER_IN_TEXT.source}"`, 'g');

/**
 * A newcomer's first minutes: `lianxin demo` fills the demo district with a quarter of cases, the
 * dashboard then has something to show, `lianxin stats` answers without dates, and the sign-in page
 * tells a cadre whom to ask for a token.
 */
let url: string;
let drop: () => Promise<void>;
let service: TestService;
let app: FastifyInstance;

beforeAll(async () => {
  ({ url, drop } = await scratchDb('first_minutes', { migrate: true }));
});
afterAll(async () => {
  await app?.close();
  await service?.close();
  await drop();
});

describe('the first minutes', () => {
  const env = () => ({ ...process.env, DATABASE_URL: url });

  it('`lianxin demo` loads a quarter of cases in every ledger, with overdue, reopened and resolved ones, follow-ups and visits; a second run is refused', async () => {
    const res = await runCli(runDemoCommand, [], env());
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/loaded the demo quarter: \d+ cases/);

    service = await startTestService({ DATABASE_URL: url });
    const { db } = service;
    const cases = await db.case.findMany({ select: { ledger: true, status: true, createdAt: true, reopenedAt: true, resolveDueAt: true, acceptDueAt: true, acceptedAt: true, resolvedAt: true } });
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.ledger))).toEqual(new Set(LEDGERS));
    const statuses = new Set(cases.map((c) => c.status));
    for (const s of ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED']) expect(statuses).toContain(s);
    const now = Date.now();
    const overdueOpen = cases.filter((c) => !c.resolvedAt && (c.resolveDueAt.getTime() < now || (!c.acceptedAt && c.acceptDueAt.getTime() < now)));
    expect(overdueOpen.length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => c.reopenedAt).length).toBeGreaterThanOrEqual(1);
    // A quarter: the oldest about three months back, some in the last fortnight.
    const ages = cases.map((c) => (now - c.createdAt.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(60);
    expect(Math.max(...ages)).toBeLessThanOrEqual(92);
    expect(ages.filter((a) => a < 14).length).toBeGreaterThan(0);
    expect(await db.followUp.count({ where: { answer: 'SATISFIED' } })).toBeGreaterThan(0);
    expect(await db.followUp.count({ where: { answer: 'UNSATISFIED' } })).toBeGreaterThan(0);
    expect(await db.visit.count()).toBeGreaterThanOrEqual(10);
    expect(await db.case.count({ where: { visitId: { not: null } } })).toBeGreaterThan(0);
    expect(await db.outboxMessage.count()).toBe(0); // nothing sent now for what happened then

    const again = await runCli(runDemoCommand, [], env());
    expect(again.code).toBe(2);
    expect(again.err).toContain('already has');
    expect(await db.case.count()).toBe(cases.length);
  });

  it('shows a supervisor a ledger and an assessment that are not empty after the demo', async () => {
    app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `first-${Date.now()}:` });
    const sup = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
    const desk = await deskBrowser(app, await issueApiToken(service.db, { kind: 'CADRE', cadreId: sup.id, label: 'first minutes' }));
    const ledger = await desk.get('/ledger');
    expect(ledger.statusCode).toBe(200);
    expect((ledger.body.match(CASE_LINK) ?? []).length).toBeGreaterThanOrEqual(10);
    // The counters at the top (issue 16): work waiting and work late, not zeros.
    const counter = (name: string) => Number(new RegExp(`data-counter="${name}"[^>]*><strong>(\\d+)</strong>`).exec(ledger.body)?.[1] ?? 0);
    expect(counter('pending') + counter('working')).toBeGreaterThan(0);
    expect(counter('overdue')).toBeGreaterThan(0);
    const overdue = await desk.get('/ledger?overdue=true');
    expect(overdue.body).toMatch(CASE_LINK);
    const from = new Date(Date.now() - 92 * 86_400_000);
    const assessment = await desk.get(`/assessment?from=${dayOf(from)}&to=${dayOf(new Date())}`);
    expect(assessment.statusCode).toBe(200);
    for (const name of ['桥头镇', '团结村', '筱溪街道', '向阳社区']) expect(assessment.body).toContain(name);
    expect(assessment.body).toMatch(/<svg/);
    // The area chart is the district's tree (villages indented under their town, towns marked as roll-ups)…
    expect(assessment.body).toMatch(/data-depth="[12]"/);
    expect(assessment.body).toMatch(/data-roll-up="true"/);
    // …and the weekly trend has bars in more than one week.
    const trend = assessment.body.slice(assessment.body.indexOf('每周走势'));
    const weeksWithFilings = new Set([...trend.matchAll(/<title>(\d{4}-\d{2}-\d{2}) [^<]* (\d+)<\/title>/g)].filter((m) => Number(m[2]) > 0).map((m) => m[1]));
    expect(weeksWithFilings.size).toBeGreaterThan(3);
  });

  it('`lianxin stats` without dates reports this month so far', async () => {
    const today = dayOf(new Date());
    const res = await runCli(runStatsCommand, [], env());
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`考核统计 ${today.slice(0, 8)}01 至 ${today}`);
    const json = JSON.parse((await runCli(runStatsCommand, ['--json'], env())).out) as { from: string; to: string };
    expect(json).toMatchObject({ from: `${today.slice(0, 8)}01`, to: today });
    const onlyTo = JSON.parse((await runCli(runStatsCommand, ['--to', '2026-02-14', '--json'], env())).out) as { from: string };
    expect(onlyTo.from).toBe('2026-02-01');
    expect((await runCli(runStatsCommand, ['--to', 'soon'], env())).err).toContain('--to must be a date');
  });

  it('tells a cadre on the sign-in page to ask the administrator for a token, with no shell command', async () => {
    const page = await app.inject({ url: '/signin' });
    expect(page.body).toContain('请向系统管理员要一个');
    expect(page.body).not.toMatch(/npx|lianxin token|--cadre/);
  });
});
