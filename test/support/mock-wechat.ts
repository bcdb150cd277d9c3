import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import { createWechatyChannel, type WechatyChannel, type WechatyChannelConfig } from '../../src/channels/wechaty/plugin';
import type { InboundMessage } from '../../src/domain/inbound-content';
import type { Logger } from '../../src/logging/logger';
import { privacyTexts } from '../../src/messages/zh-CN';

/**
 * The real Wechaty with our plugin, on wechaty-puppet-mock: the only stand-in in the tests is
 * the WeChat network. People are mock contacts; what the bot says to each is recorded.
 */
export class MockWeChat {
  readonly inbox = new Map<string, string[]>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly bot: Wechaty,
    readonly mocker: mock.Mocker,
    readonly botUser: mock.ContactMock,
    readonly channel: WechatyChannel,
  ) {}

  static async start(
    handle: (msg: InboundMessage) => Promise<string[] | null>,
    logger: Logger,
    opts: Pick<WechatyChannelConfig, 'emergencyAdvice'> = {},
  ): Promise<MockWeChat> {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const bot = WechatyBuilder.build({ puppet });
    const channel = createWechatyChannel({ handle, logger, attachmentsDir: 'test-artifacts/attachments', ...opts });
    bot.use(channel.plugin);
    const world = new MockWeChat(bot, mocker, mocker.createContact({ name: '连心桥' }), channel);
    puppet.on('message', ({ messageId }) => world.record(messageId));
    await bot.start();
    const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
    mocker.login(world.botUser);
    await loggedIn;
    return world;
  }

  private record(messageId: string): void {
    const payload = this.mocker.messagePayload(messageId);
    if (payload.talkerId !== this.botUser.id) return;
    const to = payload.roomId ?? payload.listenerId ?? '';
    const list = this.inbox.get(to) ?? [];
    list.push(payload.text ?? '');
    this.inbox.set(to, list);
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves when what the bot said to `to` satisfies `check` (pushed by the dispatcher, so not tied to a turn). */
  waitFor(to: { id: string }, check: (said: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const test = () => {
        if (!check(this.said(to))) return false;
        this.waiters.delete(test);
        clearTimeout(timer);
        resolve(this.said(to));
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(test);
        reject(new Error(`timed out waiting; said so far: ${JSON.stringify(this.said(to))}`));
      }, timeoutMs);
      this.waiters.add(test);
      test();
    });
  }

  person(name: string, payload: Partial<PUPPET.payloads.Contact> = {}): MockPerson {
    return new MockPerson(this, this.mocker.createContact({ name, ...payload }));
  }

  /** A person created before a restart, speaking to the new bot. */
  personFromContact(contact: mock.ContactMock): MockPerson {
    const again = this.mocker.createContact({ ...contact.payload });
    return new MockPerson(this, again);
  }

  /** Everything the bot said to a contact or room so far. */
  said(to: { id: string }): string[] {
    return this.inbox.get(to.id) ?? [];
  }

  /** Waits until the bot has started and finished handling everything sent so far. */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      await this.channel.drain();
    }
  }

  async stop(): Promise<void> {
    await this.channel.drain();
    await this.bot.stop();
  }
}

export class MockPerson {
  constructor(
    private readonly world: MockWeChat,
    readonly contact: mock.ContactMock,
  ) {}

  /** A new resident is first shown the privacy notice; test residents agree (同意) unless this is false. */
  agreeToPrivacy = true;

  get id(): string {
    return this.contact.id;
  }

  /**
   * Says something to the bot privately; resolves with the bot's replies to it. When the bot
   * answers with the privacy notice, the resident agrees, and the replies to the agreement (which
   * include the answer to the held message) are returned.
   */
  async say(text: string): Promise<string[]> {
    const replies = await this.sayOnly(text);
    if (this.agreeToPrivacy && replies.includes(privacyTexts.notice)) return this.sayOnly('同意');
    return replies;
  }

  private async sayOnly(text: string): Promise<string[]> {
    const before = this.world.said(this.contact).length;
    this.contact.say(text).to(this.world.botUser);
    await this.world.settle();
    return this.world.said(this.contact).slice(before);
  }

  /** Says something in a group, optionally mentioning the bot. */
  async sayInRoom(room: mock.RoomMock, text: string, mentionBot: boolean): Promise<void> {
    this.contact.say(text, mentionBot ? [this.world.botUser] : []).to(room);
    await this.world.settle();
  }

  /** Re-delivers a message with a chosen id (as a puppet may after a reconnect). */
  async deliver(messageId: string, text: string): Promise<string[]> {
    const before = this.world.said(this.contact).length;
    const payload = this.world.mocker.cacheMessagePayload.get(messageId) ?? {
      id: messageId,
      talkerId: this.contact.id,
      listenerId: this.world.botUser.id,
      timestamp: Date.now(),
      type: 7,
      text,
    };
    if (!this.world.mocker.cacheMessagePayload.has(messageId)) this.world.mocker.MessageMock.create(payload as PUPPET.payloads.Message);
    this.world.mocker.puppet.emit('message', { messageId });
    await this.world.settle();
    return this.world.said(this.contact).slice(before);
  }
}
