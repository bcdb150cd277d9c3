import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bareEnv, fileByWebChat, freePort, signInOverHttp, spawnService, stopService, type RunningService } from '../support/embedded-process';

/**
 * The newcomer's first five minutes, as `npm start` runs it (the compiled service, which `npm test`
 * builds first): no DATABASE_URL, no REDIS_URL, no WeChat login. The web chat and the dashboard work.
 */
describe('npm start on a machine with neither PostgreSQL nor Redis', () => {
  let service: RunningService | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-first-start-'));
  afterAll(() => {
    service?.cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  it('comes up, seeds the district, serves the web chat and the dashboard, and a web-chat case is in the ledger', async () => {
    service = await spawnService(bareEnv(dir, path.join(dir, 'data')), await freePort());
    const { child, base } = service;
    const out = service.output();
    expect(child.exitCode).toBeNull();
    expect(out).toMatch(/single-instance embedded mode/);
    // The first sign-in token is printed before the service says it started.
    const token = /lx_[A-Za-z0-9_-]{20,}/.exec(out)?.[0];
    if (!token) throw new Error(`no sign-in token printed:\n${out.slice(-3000)}`);

    // A resident in the web chat.
    expect((await fetch(`${base}/chat`)).status).toBe(200);
    const caseNumber = await fileByWebChat(base).catch((err: Error) => {
      throw new Error(`${err.message}\n--- service output:\n${service!.output().slice(-3000)}`);
    });

    // The supervisor signs in with the printed token and finds it in the ledger.
    const signIn = await signInOverHttp(base, token);
    expect(signIn.status).toBe(303);
    const ledger = await fetch(`${base}/ledger?q=${caseNumber}`, { headers: { cookie: signIn.cookie } });
    expect(ledger.status).toBe(200);
    expect(await ledger.text()).toContain(caseNumber);

    // Ctrl-C ends it cleanly.
    expect(await stopService(service)).toBe(0);
  }, 120_000);
});
