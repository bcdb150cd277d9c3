import { types, type Friendship, type Message, type Wechaty, type WechatyPlugin } from 'wechaty';
import { findBondCardCode } from '../../cards/bond-card-code';
import type { InboundMessage } from '../../domain/inbound-content';
import type { Logger } from '../../logging/logger';
import { messages as baseMessages, understandingTexts } from '../../messages/zh-CN';
import { cleanSenderName, contentOf, senderKeyOf, toInboundMessage } from './to-inbound-message';

const messages = { ...baseMessages, emergencyInGroup: understandingTexts.emergencyInGroup };

export type WechatyChannelConfig = {
  /** The router: replies to send straight back, or null for silence. */
  handle: (msg: InboundMessage) => Promise<string[] | null>;
  logger: Logger;
  attachmentsDir: string;
  /** Emergencies first, in groups too: the advice for a message that reads as an emergency (the router's), else null. */
  emergencyAdvice?: (text: string) => { advice: string; hazard: string | null } | null;
  /** For the group advice's cool-down; default Date.now. */
  now?: () => number;
};

/** A group hears the advice for one kind of danger once in this long, however many neighbours write about it. */
const GROUP_ADVICE_COOLDOWN_MS = 10 * 60_000;

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
  const now = config.now ?? Date.now;
  const advisedRooms = new Map<string, number>();

  /**
   * In a group, a message that reads as an emergency gets the advice in the group at once,
   * mentioned or not (nothing is kept of it). True when advice was given.
   */
  const adviseRoom = async (roomId: string, say: (text: string) => Promise<unknown>, text: string): Promise<boolean> => {
    const found = config.emergencyAdvice?.(text);
    if (!found) return false;
    const key = `${roomId}:${found.hazard ?? 'any'}`;
    const last = advisedRooms.get(key);
    if (last !== undefined && now() - last < GROUP_ADVICE_COOLDOWN_MS) return true;
    if (advisedRooms.size > 10_000) advisedRooms.clear();
    advisedRooms.set(key, now());
    await say(messages.emergencyInGroup(found.advice));
    return true;
  };

  const onMessage = async (bot: Wechaty, msg: Message): Promise<void> => {
    if (msg.self()) return;
    const talker = msg.talker();
    if (talker.type() === types.Contact.Official) return;
    if (msg.type() === types.Message.Recalled || msg.type() === types.Message.Unknown) return;
    const room = msg.room();
    let text: string | undefined;
    if (room) {
      const mentioned = await msg.mentionSelf();
      const raw = mentioned ? await msg.mentionText() : msg.type() === types.Message.Text ? msg.text() : '';
      const advised = raw ? await adviseRoom(room.id, (t) => room.say(t), raw) : false;
      if (!mentioned) return;
      text = raw;
      if (!advised) await room.say(messages.continueInPrivate, talker);
    }
    const senderKey = await senderKeyOf(talker, remarked, (err) => logger.warn('could not set contact remark', { err }));
    const content = await contentOf(bot, msg, { attachmentsDir: config.attachmentsDir, text });
    const replies = await config.handle(toInboundMessage(msg, senderKey, content));
    for (const reply of replies ?? []) await talker.say(reply);
  };

  /**
   * A friend request is accepted. One whose greeting carries a bond card's code (连心卡) presents
   * the card for the new contact, as if they had sent `连心卡 <code>`.
   */
  const onFriendship = async (friendship: Friendship): Promise<void> => {
    if (friendship.type() !== types.Friendship.Receive) return;
    await friendship.accept();
    const code = findBondCardCode(friendship.hello());
    if (!code) return;
    const contact = friendship.contact();
    const senderKey = await senderKeyOf(contact, remarked, (err) => logger.warn('could not set contact remark', { err }));
    const replies = await config.handle({
      id: `friendship-${friendship.id}`,
      channel: 'wechat',
      senderKey,
      senderName: cleanSenderName(contact.name()),
      contactRef: contact.id,
      content: { kind: 'text', text: `连心卡 ${code}` },
      receivedAt: new Date(),
    });
    for (const reply of replies ?? []) await contact.say(reply);
  };

  const plugin: WechatyPlugin = (bot) => {
    // Wechaty does not await listeners and an unhandled rejection ends the process: catch all.
    const track = (task: Promise<void>) => {
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    };
    const listener = (msg: Message) =>
      track(onMessage(bot, msg).catch((err: unknown) => void logger.error('wechat message failed', { messageId: msg.id, err })));
    const friendshipListener = (friendship: Friendship) =>
      track(onFriendship(friendship).catch((err: unknown) => void logger.error('wechat friend request failed', { friendshipId: friendship.id, err })));
    bot.on('message', listener);
    bot.on('friendship', friendshipListener);
    return () => {
      bot.off('message', listener);
      bot.off('friendship', friendshipListener);
    };
  };

  return {
    plugin,
    async drain() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
