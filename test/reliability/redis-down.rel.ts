import { messages } from '../../src/messages/zh-CN';
import { scratchDb } from '../support/scratch-db';
import { eventually } from '../support/eventually';
import { ChildService, WebResident } from './support/child-service';
import { TcpProxy, viaProxy } from './support/tcp-proxy';
import { intakeScript } from './support/residents';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let scratch: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let child: ChildService | null = null;

beforeAll(async () => {
  scratch = await scratchDb('redisdown', { migrate: true });
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: 6379 });
});
afterAll(async () => {
  proxy?.restore();
  await child?.stop();
  await proxy?.close();
  await scratch?.drop();
});

test('Redis unavailable: residents get a clear apology, the process stays up, and it recovers on its own when Redis returns', async () => {
  child = await ChildService.start({
    DATABASE_URL: scratch.url,
    REDIS_URL: viaProxy(process.env.REDIS_URL!, proxy),
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}redisdown:`,
  });
  const residents = Array.from({ length: 10 }, (_, i) => new WebResident(() => child!.url, `redis-${i}`));
  const scripts = residents.map((_, i) => intakeScript(i));
  for (let t = 0; t < 3; t++) await Promise.all(residents.map((r, i) => r.say(scripts[i]![t]!)));

  proxy.cut();
  const during = await Promise.all(residents.map((r, i) => r.say(scripts[i]![3]!)));
  for (const { status, replies } of during) {
    expect(status).toBe(200);
    expect(replies).toEqual([messages.storeUnavailable]);
  }
  // Down for a while longer (the service has tried to reconnect and been turned away twice more): still up, still answering.
  const refusedSoFar = proxy.refused;
  await eventually(async () => proxy.refused, (n) => n >= refusedSoFar + 2, 20_000);
  expect((await residents[0]!.say(scripts[0]![3]!)).replies).toEqual([messages.storeUnavailable]);
  expect(child.exited).toBe(false);

  proxy.restore();
  // Back without a restart: the message that was not received is sent again and the intake goes on where it was.
  await eventually(() => residents[0]!.say(scripts[0]![3]!).then((r) => r.replies.join('\n')), (text) => !text.includes(messages.storeUnavailable), 20_000);
  await Promise.all(
    residents.slice(1).map(async (r, i) => {
      for (let t = 3; t < scripts[i + 1]!.length; t++) {
        const { replies } = await r.say(scripts[i + 1]![t]!);
        expect(replies.join('\n')).not.toContain(messages.storeUnavailable);
        if (t === scripts[i + 1]!.length - 1) expect(replies.join('\n')).toMatch(CASE_NUMBER_IN_TEXT);
      }
    }),
  );
  expect(child.exited).toBe(false);
});
