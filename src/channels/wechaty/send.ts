import type { Wechaty } from 'wechaty';
import type { OutboundChannel, Recipient } from '../../dispatcher/dispatcher';
import { NoChannelForRecipient, RecipientUnreachable } from '../../dispatcher/dispatcher';

/**
 * The dispatcher's way out through Wechaty: find the person by the contact id last seen, else by
 * the LX- remark we wrote on them (ids change across logins on some puppets).
 */
export function createWechatySender(bot: Wechaty): OutboundChannel {
  return {
    async send(to: Recipient, text: string): Promise<void> {
      if (to.channel !== 'wechat') throw new NoChannelForRecipient(`no outbound channel for ${to.channel}`);
      if (!bot.isLoggedIn) throw new Error('WeChat is not logged in');
      let contact = to.contactRef ? await bot.Contact.find({ id: to.contactRef }).catch(() => undefined) : undefined;
      if (!contact && to.key) contact = await bot.Contact.find({ alias: to.key }).catch(() => undefined);
      if (!contact) throw new RecipientUnreachable(`no WeChat contact for ${to.kind.toLowerCase()} ${to.id}`);
      await contact.say(text);
    },
  };
}
