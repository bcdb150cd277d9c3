import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { WechatyBuilder } from 'wechaty';
import { createWechatyChannel } from '../../src/channels/wechaty/plugin';
import type { InboundMessage } from '../../src/domain/inbound-content';
import type { Logger } from '../../src/logging/logger';

export type MockWorld = { say(resident: number, text: string): Promise<string[]>; stop(): Promise<void> };

type Waiter = { expected: number | null; got: string[]; resolve: (replies: string[]) => void };

/**
 * The real Wechaty and our plugin on wechaty-puppet-mock (as in test/support/mock-wechat.ts, which
 * the bench cannot import). A turn ends when the bot has said as many messages to the resident as
 * the router returned for it: that is the reply coming out of Wechaty, not out of the router.
 */
export async function startMockWeChat(handle: (msg: InboundMessage) => Promise<string[] | null>, logger: Logger): Promise<MockWorld> {
  process.env.WECHATY_LOG = process.env.WECHATY_LOG ?? 'silent';
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = WechatyBuilder.build({ puppet });
  const waiters = new Map<string, Waiter>();
  const settle = (w: Waiter, contactId: string) => {
    if (w.expected !== null && w.got.length >= w.expected) {
      waiters.delete(contactId);
      w.resolve(w.got);
    }
  };
  const counted = async (msg: InboundMessage) => {
    const replies = await handle(msg);
    const w = msg.contactRef ? waiters.get(msg.contactRef) : undefined;
    if (w) {
      w.expected = replies?.length ?? 0;
      settle(w, msg.contactRef!);
    }
    return replies;
  };
  const channel = createWechatyChannel({ handle: counted, logger, attachmentsDir: 'bench/dist/attachments' });
  bot.use(channel.plugin);
  const botUser = mocker.createContact({ name: '连心桥' });
  puppet.on('message', ({ messageId }) => {
    const payload = mocker.messagePayload(messageId);
    if (payload.talkerId !== botUser.id || !payload.listenerId) return;
    const w = waiters.get(payload.listenerId);
    if (!w) return;
    w.got.push(payload.text ?? '');
    settle(w, payload.listenerId);
  });
  await bot.start();
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  mocker.login(botUser);
  await loggedIn;

  const contacts = new Map<number, mock.ContactMock>();
  return {
    say(resident, text) {
      let contact = contacts.get(resident);
      if (!contact) contacts.set(resident, (contact = mocker.createContact({ name: `居民${resident}` })));
      const c = contact;
      return new Promise<string[]>((resolve) => {
        waiters.set(c.id, { expected: null, got: [], resolve });
        c.say(text).to(botUser);
      });
    },
    async stop() {
      await channel.drain();
      await bot.stop();
    },
  };
}
