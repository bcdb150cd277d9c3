import { types, type Message, type Wechaty, type WechatyPlugin } from 'wechaty';
import type { InboundMessage } from '../../inbound/inbound-message';
import type { Logger } from '../../logging/logger';
import { messages } from '../../messages/zh-CN';
import { contentOf, senderKeyOf, toInboundMessage } from './to-inbound-message';

export type WechatyChannelConfig = {
  /** The router: replies to send straight back, or null for silence. */
  handle: (msg: InboundMessage) => Promise<string[] | null>;
  logger: Logger;
  attachmentsDir: string;
};

export type WechatyChannel = {
  plugin: WechatyPlugin;
  /** Resolves when every message being handled has been answered. */
  drain(): Promise<void>;
};

/**
 * Lianxin as a Wechaty plugin: `bot.use(channel.plugin)` drops it into any Wechaty bot.
 * Private chats are conversations; in a group the bot answers only when mentioned, and then
 * moves to a private chat (disputes and hardship are not for the neighbours to read).
 */
export function createWechatyChannel(config: WechatyChannelConfig): WechatyChannel {
  const inFlight = new Set<Promise<void>>();
  const remarked = new Set<string>();
  const { logger } = config;

  const onMessage = async (bot: Wechaty, msg: Message): Promise<void> => {
    if (msg.self()) return;
    const talker = msg.talker();
    if (talker.type() === types.Contact.Official) return;
    if (msg.type() === types.Message.Recalled || msg.type() === types.Message.Unknown) return;
    const room = msg.room();
    let text: string | undefined;
    if (room) {
      if (!(await msg.mentionSelf())) return;
      text = await msg.mentionText();
      await room.say(messages.continueInPrivate, talker);
    }
    const senderKey = await senderKeyOf(talker, remarked, (err) => logger.warn('could not set contact remark', { err }));
    const content = await contentOf(bot, msg, { attachmentsDir: config.attachmentsDir, text });
    const replies = await config.handle(toInboundMessage(msg, senderKey, content));
    for (const reply of replies ?? []) await talker.say(reply);
  };

  const plugin: WechatyPlugin = (bot) => {
    const listener = (msg: Message) => {
      // Wechaty does not await listeners and an unhandled rejection ends the process: catch all.
      const task = onMessage(bot, msg).catch((err: unknown) => {
        logger.error('wechat message failed', { messageId: msg.id, err });
      });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    };
    bot.on('message', listener);
    return () => {
      bot.off('message', listener);
    };
  };

  return {
    plugin,
    async drain() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
