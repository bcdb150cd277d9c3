import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { bareEnv, freePort, spawnService, type RunningService } from '../support/embedded-process';

/**
 * A production puppet that cannot start (wechaty-puppet-service without its token): the bot role
 * logs why and the rest of the service (HTTP, jobs, the web and other dispatch lanes) runs on.
 */
describe('the bot role when the puppet fails', () => {
  let service: RunningService | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-puppet-fails-'));
  afterAll(() => {
    service?.cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  it('still starts HTTP, the jobs and the dispatchers', async () => {
    service = await spawnService(bareEnv(dir, path.join(dir, 'data'), { WECHATY_PUPPET: 'wechaty-puppet-service' }), await freePort());
    const { child } = service;
    const out = await eventually(async () => service!.output(), (o) => o.includes('WeChat bot did not start; the rest of the service runs on') || child.exitCode !== null, 60_000);
    expect(child.exitCode).toBeNull();
    expect(out).toMatch(/WECHATY_PUPPET_SERVICE_TOKEN not found/);
    expect(out).toMatch(/"lane":"web".*dispatch lane taken|dispatch lane taken.*"lane":"web"/);
    expect(out).toMatch(/schedules started/);
    const health = await fetch(`${service.base}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000); // as first-start: the embedded database's first start is slow on a busy machine
});
