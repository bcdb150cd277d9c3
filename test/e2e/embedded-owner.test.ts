import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tryLockFolder } from '../../src/db/data-folder-lock';
import { dayOf } from '../../src/domain/time';
import { bareEnv, fileByWebChat, freePort, runLianxin, signInOverHttp, spawnService, stopService as stop, type RunningService } from '../support/embedded-process';

/**
 * Embedded mode has one owner of the data (issue 12, item 9): while `npm start` runs, `npx lianxin …`
 * reaches the service's own database through its socket; a second service refuses; a killed
 * service's lock does not block the next start.
 */
const started: RunningService[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of started) s.cleanUp();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
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

/** The token opens the dashboard (a signed-in page) and the admin API. */
async function signsIn(base: string, token: string) {
  const api = await fetch(`${base}/admin/areas`, { headers: { authorization: `Bearer ${token}` } });
  const signIn = await signInOverHttp(base, token);
  const desk = await fetch(`${base}/ledger`, { headers: { cookie: signIn.cookie }, redirect: 'manual' });
  return { api: api.status, signIn: signIn.status, desk: desk.status };
}

const day = (offset: number) => dayOf(new Date(Date.now() + offset * 86_400_000), 'Asia/Shanghai');

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
