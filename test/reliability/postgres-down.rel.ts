import { createDb, type Db } from '../../src/db/client';
import { createDispatcher, type Recipient } from '../../src/dispatcher/dispatcher';
import { messages } from '../../src/messages/zh-CN';
import { scratchDb } from '../support/scratch-db';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { eventually } from '../support/eventually';
import { TcpProxy, viaProxy } from './support/tcp-proxy';
import { InprocResident, intakeScript } from './support/residents';

const RESIDENTS = 20;

let scratch: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let service: TestService;
let direct: Db;

// Its own database (a dispatcher below claims every due row) reached through a proxy the test cuts.
beforeAll(async () => {
  scratch = await scratchDb('pgdown', { migrate: true });
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
  service = await startTestService({ DATABASE_URL: viaProxy(scratch.url, proxy), QUIET_HOURS: 'off' }, { pendingRetryMs: 300 });
  direct = createDb(scratch.url, { poolSize: 2 });
});
afterAll(async () => {
  proxy.restore();
  await service?.close();
  await direct?.$disconnect();
  await proxy?.close();
  await scratch?.drop();
});

test('PostgreSQL unavailable while residents confirm: they are told the report is kept; when it returns each case is filed exactly once and the resident gets its number', async () => {
  const residents = Array.from({ length: RESIDENTS }, (_, i) => new InprocResident(service.inbound, uniqueKey(`pg${i}`)));
  const scripts = residents.map((_, i) => intakeScript(i));
  // Everything up to the summary needs only Redis.
  for (let turn = 0; turn < scripts[0]!.length - 1; turn++) {
    await Promise.all(residents.map((r, i) => r.say(scripts[i]![turn]!)));
  }

  proxy.cut();
  const confirmed = await Promise.all(residents.map((r) => r.say('确认')));
  for (const replies of confirmed) {
    expect(replies).toEqual([messages.fileDeferred]);
  }
  // Writing again while it is still down: an ordinary answer, no second "kept" notice, no case.
  const again = await residents[0]!.say('帮助');
  expect(again?.join('\n')).not.toContain(messages.fileDeferred);
  expect(again?.join('\n')).not.toContain('已提交');
  // A retry round while it is down (run now rather than waited for): it files nothing, every report still waits.
  expect(await service.inbound.retryPending()).toMatchObject({ filed: 0, waiting: RESIDENTS });
  expect(await direct.case.count()).toBe(0);

  proxy.restore();
  const keys = residents.map((r) => r.key);
  const cases = await eventually(
    () => direct.case.findMany({ where: { resident: { channel: 'inproc', channelKey: { in: keys } } }, include: { resident: true } }),
    (rows) => rows.length >= RESIDENTS,
    30_000,
  ).catch((err: Error) => {
    // Why they were not filed is in the log.
    throw new Error(`${err.message}\n${service.logLines().filter((l) => /filing|pending/.test(l)).slice(-3).join('\n')}`);
  });
  // Exactly once each: one case per resident, and no more after a further retry round.
  expect(await service.inbound.retryPending()).toMatchObject({ filed: 0, failed: false });
  const after = await direct.case.findMany({ where: { resident: { channel: 'inproc', channelKey: { in: keys } } }, include: { resident: true } });
  expect(after).toHaveLength(RESIDENTS);
  expect(new Set(after.map((c) => c.resident!.channelKey)).size).toBe(RESIDENTS);
  expect(await service.inbound.retryPending()).toMatchObject({ waiting: 0 });

  // Their numbers reach them through the outbox, without their writing again.
  const sent: { to: Recipient; text: string }[] = [];
  const dispatcher = createDispatcher({
    db: service.db,
    rates: service.stores.rates,
    channel: { send: async (to, text) => void sent.push({ to, text }) },
    logger: service.logger,
    perRecipientPerMinute: 1000,
    globalPerMinute: 100_000,
  });
  while ((await dispatcher.runOnce()).claimed > 0);
  for (const c of cases) {
    const told = sent.filter((s) => s.to.kind === 'RESIDENT' && s.to.key === c.resident!.channelKey).map((s) => s.text);
    expect(told.filter((t) => t.includes(c.caseNumber))).toHaveLength(1);
  }

  // The next message files nothing twice and the conversation goes on.
  const next = await residents[1]!.say('我的案件');
  expect(next?.join('\n')).toContain(cases.find((c) => c.resident!.channelKey === residents[1]!.key)!.caseNumber);
  expect(await direct.case.count()).toBe(RESIDENTS);
});
