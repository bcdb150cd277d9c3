import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { acceptCase } from '../../src/cases/accept-case';
import { postProgress } from '../../src/cases/post-progress';
import { resolveCase } from '../../src/cases/resolve-case';
import { startTestService, type TestService, uniqueKey } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { eventually } from '../support/eventually';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let standby: TestService;
let app: FastifyInstance;

// ROLES=http,jobs: no WeChat bot anywhere. Two such processes share the database and Redis.
beforeAll(async () => {
  scratch = await scratchDb('lanes', { migrate: true });
  const env = { DATABASE_URL: scratch.url, ROLES: 'http,jobs', QUIET_HOURS: 'off', REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${uniqueKey('lanes')}:` };
  service = await startTestService(env);
  standby = await startTestService(env);
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `lanes-${Date.now()}:` });
});
afterAll(async () => {
  await app.close();
  await service.close();
  await standby.close();
  await scratch.drop();
});

async function say(cookie: string, text: string): Promise<{ cookie: string; replies: string[] }> {
  const res = await app.inject({ method: 'POST', url: '/chat/messages', headers: cookie ? { cookie } : {}, payload: { text } });
  const set = res.headers['set-cookie'];
  return { cookie: set ? String(set).split(';')[0]! : cookie, replies: res.json().replies };
}

describe('notices without WeChat (ROLES=http,jobs)', () => {
  it('elect one dispatcher per lane, and tell a web-chat resident of accept, progress and resolution', async () => {
    const lanesA = service.startDispatchLanes({ bot: false, jobs: true });
    const lanesB = standby.startDispatchLanes({ bot: false, jobs: true });
    await eventually(async () => [...lanesA.lanes(), ...lanesB.lanes()].sort(), (l) => l.join() === 'other,web');
    // No process offers the wechat lane without the bot role.
    expect([...lanesA.lanes(), ...lanesB.lanes()]).not.toContain('wechat');

    let cookie = '';
    let last: string[] = [];
    for (const line of ['你好', '同意', '花园路阴沟堵塞，污水外流', '是', '向阳社区花园路1栋', '12户', '是', '跳过', '确认']) ({ cookie, replies: last } = await say(cookie, line));
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(last.join(''))![0];
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, select: { assigneeId: true } });
    const actor = { kind: 'CADRE' as const, cadreId: row.assigneeId!, supervisor: false };
    const deps = { db: service.db, district: service.district, showCadrePhone: false };
    await acceptCase(deps, { caseNumber, actor, at: new Date() });
    await postProgress(deps, { caseNumber, actor, note: '已安排疏通', at: new Date() });
    await resolveCase(deps, { caseNumber, actor, note: '阴沟已疏通', at: new Date() });

    const updates = await eventually(
      async () => (await app.inject({ url: '/chat/updates', headers: { cookie } })).json().updates as { text: string }[],
      (u) => u.some((x) => x.text.includes('阴沟已疏通')),
    );
    const texts = updates.map((u) => u.text);
    expect(texts.some((t) => t.includes('已受理'))).toBe(true);
    expect(texts.some((t) => t.includes('已安排疏通'))).toBe(true);
    expect(texts.findIndex((t) => t.includes('已安排疏通'))).toBeLessThan(texts.findIndex((t) => t.includes('阴沟已疏通')));
    // The cadre's notices wait for the WeChat bot, untouched: not failed, not even tried.
    const cadreRows = await service.db.outboxMessage.findMany({ where: { recipientKind: 'CADRE' }, select: { status: true, attempts: true } });
    expect(cadreRows.length).toBeGreaterThan(0);
    expect(cadreRows.every((r) => r.status === 'PENDING' && r.attempts === 0)).toBe(true);

    // The lane holder stops: the other process takes its lanes over.
    const held = lanesA.lanes().length > 0 ? lanesA : lanesB;
    const spare = held === lanesA ? lanesB : lanesA;
    await held.stop();
    await eventually(async () => spare.lanes().sort(), (l) => l.join() === 'other,web', 20_000);
  });
});
