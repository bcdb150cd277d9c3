import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { freePort, ROOT } from '../support/embedded-process';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';


/**
 * The newcomer's first five minutes, as `npm start` runs it (the compiled service, which `npm test`
 * builds first): no DATABASE_URL, no REDIS_URL, no WeChat login. The web chat and the dashboard work.
 */
describe('npm start on a machine with neither PostgreSQL nor Redis', () => {
  let child: ChildProcess;
  let out = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-first-start-'));
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(ROOT, `first-start-test-${process.pid}.memory-card.json`), { force: true });
  });

  it('comes up, seeds the district, serves the web chat and the dashboard, and a web-chat case is in the ledger', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, NODE_ENV: 'production', EMBEDDED_DATA_DIR: path.join(dir, 'data'), HTTP_PORT: String(port), WECHATY_NAME: `first-start-test-${process.pid}`, ATTACHMENTS_DIR: path.join(dir, 'attachments') };
    child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const base = `http://127.0.0.1:${port}`;

    await eventually(async () => out, (o) => /lx_[A-Za-z0-9_-]{20,}/.test(o) || child.exitCode !== null, 60_000);
    expect(child.exitCode).toBeNull();
    expect(out).toMatch(/single-instance embedded mode/);
    const token = /lx_[A-Za-z0-9_-]{20,}/.exec(out)![0];

    // A resident in the web chat.
    let chatCookie = '';
    const say = async (text: string) => {
      const res = await fetch(`${base}/chat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(chatCookie ? { cookie: chatCookie } : {}) }, body: JSON.stringify({ text }) });
      expect(res.status).toBe(200);
      chatCookie ||= (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      return ((await res.json()) as { replies: string[] }).replies.join('\n');
    };
    expect((await fetch(`${base}/chat`)).status).toBe(200);
    let last = '';
    for (const line of ['阴沟堵塞，污水外流', '同意', '是', '向阳社区花园路1栋', '56户', '是', '跳过', '确认']) last = await say(line);
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(last)?.[0];
    if (!caseNumber) throw new Error(`no case number in the last reply: ${last}\n--- service output:\n${out.slice(-3000)}`);
    expect(caseNumber).toBeDefined();

    // The supervisor signs in with the printed token and finds it in the ledger.
    // The sign-in form first: its anti-forgery cookie and token go with the token.
    const form = await fetch(`${base}/signin`);
    const csrfCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
    const formToken = /name="_form" value="([^"]+)"/.exec(await form.text())![1]!;
    const signIn = await fetch(`${base}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _form: formToken, token }),
    });
    expect(signIn.status).toBe(303);
    const desk = `${csrfCookie}; ${(signIn.headers.get('set-cookie') ?? '').split(';')[0]!}`;
    const ledger = await fetch(`${base}/ledger?q=${caseNumber}`, { headers: { cookie: desk } });
    expect(ledger.status).toBe(200);
    expect(await ledger.text()).toContain(caseNumber);

    // Ctrl-C ends it cleanly.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 120_000);
});
