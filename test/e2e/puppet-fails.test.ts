import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { freePort, ROOT } from '../support/embedded-process';


/**
 * A production puppet that cannot start (wechaty-puppet-service without its token): the bot role
 * logs why and the rest of the service (HTTP, jobs, the web and other dispatch lanes) runs on.
 */
describe('the bot role when the puppet fails', () => {
  let child: ChildProcess;
  let out = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-puppet-fails-'));
  const name = `puppet-fails-test-${process.pid}`;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(ROOT, `${name}.memory-card.json`), { force: true });
  });

  it('still starts HTTP, the jobs and the dispatchers', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: dir, NODE_ENV: 'production', EMBEDDED_DATA_DIR: path.join(dir, 'data'), HTTP_PORT: String(port),
      WECHATY_NAME: name, ATTACHMENTS_DIR: path.join(dir, 'attachments'), WECHATY_PUPPET: 'wechaty-puppet-service',
    };
    child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await eventually(async () => out, (o) => o.includes('WeChat bot did not start; the rest of the service runs on') || child.exitCode !== null, 60_000);
    expect(child.exitCode).toBeNull();
    expect(out).toMatch(/WECHATY_PUPPET_SERVICE_TOKEN not found/);
    expect(out).toMatch(/"lane":"web".*dispatch lane taken|dispatch lane taken.*"lane":"web"/);
    expect(out).toMatch(/schedules started/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});
