import { createDb, type Db } from '../../src/db/client';
import { issueApiToken } from '../../src/access/api-tokens';
import { issueBindingCode } from '../../src/cadre/binding-codes';
import { scratchDb } from '../support/scratch-db';
import { eventually } from '../support/eventually';
import { ChildService, WebResident } from './support/child-service';
import { TcpProxy, viaProxy } from './support/tcp-proxy';
import { intakeScript } from './support/residents';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

const PASSWORD = 'Pg-Secret-7f3a9c';
const COOKIE_SECRET = 'log-scan-cookie-secret-0123456789abcdef';
const PHONE = '13912345678';

let scratch: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let child: ChildService | null = null;
let db: Db;

beforeAll(async () => {
  scratch = await scratchDb('logs', { migrate: true });
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
  db = createDb(scratch.url, { poolSize: 2 });
});
afterAll(async () => {
  proxy?.restore();
  await child?.stop();
  await db?.$disconnect();
  await proxy?.close();
  await scratch?.drop();
});

test('logs of a full run hold no full phone number, no token and no password', async () => {
  // Trust auth ignores the password, but it is in the URL the service is given (and could log).
  const url = new URL(viaProxy(scratch.url, proxy));
  url.password = PASSWORD;
  child = await ChildService.start({ DATABASE_URL: url.toString(), REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}logs:`, CHAT_COOKIE_SECRET: COOKIE_SECRET, LOG_LEVEL: 'debug' });
  const secrets: string[] = [PASSWORD, COOKIE_SECRET];

  // A resident's whole intake, the phone in the description as well as at its step.
  const resident = new WebResident(() => child!.url, 'logs-resident');
  const script = intakeScript(1).map((t, i) => (i === 0 ? `${t}，我电话${PHONE}` : i === 5 ? PHONE : t));
  // The first message gives the phone, so the bot may not ask for it again: answer until the case is filed.
  let caseNumber: string | undefined;
  for (const text of script) {
    caseNumber = CASE_NUMBER_IN_TEXT.exec((await resident.say(text)).replies.join('\n'))?.[0];
    if (caseNumber) break;
  }
  expect(caseNumber).toBeDefined();
  secrets.push(resident.cookie.replace(/^lx_chat=/, ''));

  // A cadre binds in the chat with a one-time code and works the case.
  const cadre = await db.cadre.findUniqueOrThrow({ where: { code: 'xy-grid' } });
  const { code } = await issueBindingCode(db, { cadreId: cadre.id, at: new Date(), ttlHours: 1 });
  secrets.push(code);
  const desk = new WebResident(() => child!.url, 'logs-cadre');
  for (const text of ['绑定 WRONG123', `绑定 ${code}`, '待办', `受理 ${caseNumber}`, `进展 ${caseNumber} 已联系${PHONE}的住户`]) await desk.say(text);

  // The admin API with a token (and a wrong one), Open311 with a client key.
  const token = await issueApiToken(db, { kind: 'CADRE', cadreId: cadre.id, label: 'log scan' });
  const open311 = await issueApiToken(db, { kind: 'OPEN311', label: 'log scan' });
  secrets.push(token, open311);
  for (const t of [token, `${token}x`]) await fetch(`${child.url}/admin/cases/${caseNumber}`, { headers: { authorization: `Bearer ${t}` } });
  await fetch(`${child.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: open311, service_code: 'DRAINAGE', description: `阴沟堵了，电话${PHONE}`, address_string: '向阳社区花园路1栋', phone: PHONE, first_name: '张三' }).toString(),
  });

  // The database lost while another resident confirms: errors are logged (with their causes).
  const second = new WebResident(() => child!.url, 'logs-second');
  const script2 = intakeScript(2).map((t, i) => (i === 5 ? '13898765432' : t));
  for (const text of script2.slice(0, -1)) await second.say(text);
  proxy.cut();
  await second.say('确认');
  await eventually(async () => child!.output.join('\n'), (out) => /filing deferred/.test(out), 10_000);
  proxy.restore();
  await eventually(() => db.case.count(), (n) => n >= 3, 30_000);

  await child.stop();
  const log = child.output.join('\n');
  expect(log.length).toBeGreaterThan(1_000);
  expect(log).toMatch(/filing deferred/); // the outage really was logged
  expect(log.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? []).toEqual([]);
  for (const secret of secrets) expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
  expect(log.match(/lx_[A-Za-z0-9_-]{20,}/g) ?? []).toEqual([]);
});
