import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tryLockFolder } from '../../src/db/data-folder-lock';
import { bareEnv, fileByWebChat, freePort, ROOT, runLianxin, spawnService, type RunningService } from '../support/embedded-process';

/**
 * Embedded mode has one owner of the data (issue 12, item 9): while `npm start` runs, `npx lianxin …`
 * reaches the service's own database through its socket; a second service refuses; a killed
 * service's lock does not block the next start.
 */
const started: RunningService[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const s of started) rmSync(path.join(ROOT, `lx-test-${process.pid}-${new URL(s.base).port}.memory-card.json`), { force: true });
});

function newMachine() {
  const home = mkdtempSync(path.join(tmpdir(), 'lx-owner-'));
  dirs.push(home);
  const dataDir = path.join(home, 'data');
  return { home, dataDir, env: bareEnv(home, dataDir) };
}

async function start(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const service = await spawnService(env, await freePort());
  started.push(service);
  return service;
}

async function stop(service: RunningService) {
  service.child.kill('SIGINT');
  return service.exited;
}

/** The token opens the dashboard (a signed-in page) and the admin API. */
async function signsIn(base: string, token: string) {
  const api = await fetch(`${base}/admin/areas`, { headers: { authorization: `Bearer ${token}` } });
  // The sign-in form as a browser gets it: its anti-forgery cookie and the token in the form.
  const form = await fetch(`${base}/signin`);
  const csrfCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const formToken = /name="_form" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signIn = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _form: formToken, token }),
  });
  const cookie = `${csrfCookie}; ${(signIn.headers.get('set-cookie') ?? '').split(';')[0]!}`;
  const desk = await fetch(`${base}/ledger`, { headers: { cookie }, redirect: 'manual' });
  return { api: api.status, signIn: signIn.status, desk: desk.status };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

describe('embedded mode, one owner of the data', () => {
  it('a token the CLI makes beside the running service signs in at once and after a restart; stats and export see a web-chat case; a second service refuses', async () => {
    const { home, dataDir, env } = newMachine();
    const first = await start(env);
    expect(first.child.exitCode).toBeNull();
    const announced = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { pid: number; port: number };
    expect(announced.pid).toBe(first.child.pid);

    const made = await runLianxin(['token', 'create', '--cadre', 'gj-sup-1'], env);
    expect(made).toMatchObject({ code: 0 });
    const token = made.out.trim();
    expect(token).toMatch(/^lx_[A-Za-z0-9_-]{20,}$/);
    expect(await signsIn(first.base, token)).toEqual({ api: 200, signIn: 303, desk: 200 });

    const caseNumber = await fileByWebChat(first.base);
    const stats = await runLianxin(['stats', '--from', day(-1), '--to', day(1), '--json'], env);
    expect(stats.code).toBe(0);
    expect((JSON.parse(stats.out) as { areas: { figures: { filed: number } }[] }).areas[0]!.figures.filed).toBe(1);
    const csv = path.join(home, 'ledger.csv');
    const exported = await runLianxin(['export', '--out', csv, '--format', 'csv'], env);
    expect(exported.code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain(caseNumber);

    // A second `npm start` on the same folder says why it will not run, and the first runs on.
    const second = await spawnService(env, await freePort());
    started.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/another Lianxin service \(pid \d+\) already runs on/);
    expect((await fetch(`${first.base}/healthz`)).status).toBe(200);

    expect(await stop(first)).toBe(0);
    expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);

    // What the CLI wrote is in the folder: the next start still takes the token.
    const again = await start(env);
    expect(again.child.exitCode).toBeNull();
    expect(await signsIn(again.base, token)).toEqual({ api: 200, signIn: 303, desk: 200 });
    expect(await stop(again)).toBe(0);
  }, 240_000);

  it('a service killed with SIGKILL leaves a lock that does not block the next start, and no second process opens the folder while one runs', async () => {
    const { dataDir, env } = newMachine();
    const killed = await start(env);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(existsSync(path.join(dataDir, 'postgres.lock'))).toBe(true);

    // The CLI takes the dead service's lock and opens the folder itself…
    const made = await runLianxin(['token', 'create', '--cadre', 'gj-sup-1'], env);
    expect(made.code).toBe(0);
    const token = made.out.trim();
    // …and so does the next start, which then announces itself in place of the dead one.
    const next = await start(env);
    expect(next.child.exitCode).toBeNull();
    expect(JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8'))).toMatchObject({ pid: next.child.pid });
    expect(await signsIn(next.base, token)).toEqual({ api: 200, signIn: 303, desk: 200 });

    // While it runs, nobody else gets the folder: a command goes through the service instead.
    expect(await tryLockFolder(path.join(dataDir, 'postgres'))).toBeNull();
    const migrate = await runLianxin(['migrate'], env);
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.out).toMatch(/embedded database of the running service/);
    expect(await stop(next)).toBe(0);
  }, 240_000);
});
