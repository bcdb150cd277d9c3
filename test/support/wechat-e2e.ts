import { createWechatySender } from '../../src/channels/wechaty/send';
import { issueBindingCode } from '../../src/cadre/binding-codes';
import type { ServiceOptions } from '../../src/service';
import { MockWeChat, type MockPerson } from './mock-wechat';
import { scratchDb } from './scratch-db';
import { startTestService, type TestService } from './test-service';

/**
 * The end-to-end world every test/e2e file over WeChat shares: the real service, the real Wechaty
 * with our plugin on wechaty-puppet-mock, and (when notices must reach people) the dispatcher
 * sending through that bot. `useWeChatE2e` registers the setup and teardown with Jest and hands
 * back a handle whose `service` and `wechat` are the current ones (a test may restart them).
 */
export type WeChatE2eOptions = {
  /** Config overrides on top of the run's environment (see global-setup.ts). */
  overrides?: Record<string, string>;
  serviceOptions?: ServiceOptions;
  /** Start the dispatcher on the mock bot, with limits high and quiet hours off so notices go at once. */
  dispatcher?: boolean;
  /** Pass the service's emergency advice to the channel (said in groups, too). */
  emergencyAdvice?: boolean;
  /** A database of the file's own, named so: for tests that count or claim every row of a kind. */
  ownDatabase?: string;
  /** A fresh service and bot for each test (default), or one for the whole file. */
  per?: 'test' | 'file';
};

/** Real time in dispatching tests: quiet hours off, or the outcome would depend on the hour the tests run. */
const DISPATCH_NOW = { DISPATCH_PER_RECIPIENT_PER_MINUTE: '600', DISPATCH_PER_MINUTE: '6000', QUIET_HOURS: 'off' };

export class WeChatE2e {
  service!: TestService;
  wechat!: MockWeChat;
  private seq = 0;
  private databaseUrl: string | undefined;

  constructor(private readonly opts: WeChatE2eOptions = {}) {}

  async start(): Promise<void> {
    const overrides = { ...(this.opts.dispatcher ? DISPATCH_NOW : {}), ...(this.databaseUrl ? { DATABASE_URL: this.databaseUrl } : {}), ...this.opts.overrides };
    this.service = await startTestService(overrides, this.opts.serviceOptions);
    const channel = this.opts.emergencyAdvice ? { emergencyAdvice: this.service.inbound.emergencyAdvice } : {};
    this.wechat = await MockWeChat.start(this.service.inbound.handle, this.service.logger, channel);
    if (this.opts.dispatcher) this.service.startDispatcher(createWechatySender(this.wechat.bot));
  }

  async stop(): Promise<void> {
    // With a dispatcher, the service (and so the dispatcher) stops before the bot it sends through;
    // without one, the bot first finishes handling what it received.
    if (this.opts.dispatcher) {
      await this.service?.close();
      await this.wechat?.stop();
    } else {
      await this.wechat?.stop();
      await this.service?.close();
    }
  }

  /** Everything but the WeChat side starts afresh on the same data (a new service and a new bot). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  useOwnDatabase(url: string): void {
    this.databaseUrl = url;
  }

  /** A new mock WeChat contact whose name no other test (or earlier run) uses. */
  person(tag: string): MockPerson {
    return this.wechat.person(`${tag}${process.pid}-${++this.seq}-${Date.now()}`);
  }

  /** A seeded cadre, bound to a fresh mock WeChat contact through a real one-time code (typed in lower case). */
  async bindCadre(cadreCode: string): Promise<MockPerson> {
    const db = this.service.db;
    const cadre = await db.cadre.findUniqueOrThrow({ where: { code: cadreCode } });
    // Each test binds afresh: release the cadre from an earlier test's contact.
    await db.cadre.update({ where: { id: cadre.id }, data: { wechatKey: null, contactRef: null } });
    const { code } = await issueBindingCode(db, { cadreId: cadre.id, at: new Date(), ttlHours: 1 });
    const contact = this.person('干部');
    const replies = await contact.say(`绑定 ${code.toLowerCase()}`);
    expect(replies.join('')).toContain('绑定成功');
    return contact;
  }
}

/** Registers the world's setup and teardown with Jest (per test or per file) and returns it. */
export function useWeChatE2e(opts: WeChatE2eOptions = {}): WeChatE2e {
  const world = new WeChatE2e(opts);
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  if (opts.ownDatabase) {
    const name = opts.ownDatabase;
    beforeAll(async () => {
      scratch = await scratchDb(name);
      world.useOwnDatabase(scratch.url);
    });
  }
  const [setUp, tearDown] = opts.per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  setUp(() => world.start());
  tearDown(() => world.stop());
  if (opts.ownDatabase) afterAll(async () => scratch?.drop());
  return world;
}
