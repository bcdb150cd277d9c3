import { NoChannelForRecipient, type OutboundChannel, RecipientUnreachable, type Recipient, type SendMeta } from './dispatcher';

/**
 * One dispatcher, several ways out: each recipient's channel picks its sender. A channel this
 * process could serve but cannot right now (WeChat not logged in) waits; one it never serves fails.
 */
export function routeByChannel(senders: { wechat?: OutboundChannel; web?: OutboundChannel; 'official-account'?: OutboundChannel }): OutboundChannel {
  return {
    async send(to: Recipient, text: string, meta?: SendMeta) {
      if (to.channel === 'wechat') {
        if (!senders.wechat) throw new RecipientUnreachable('WeChat is not available in this process');
        return senders.wechat.send(to, text, meta);
      }
      if (to.channel === 'web' && senders.web) return senders.web.send(to, text, meta);
      const official = senders['official-account'];
      if (to.channel === 'official-account' && official) return official.send(to, text, meta);
      throw new NoChannelForRecipient(`no outbound channel for ${to.channel}`);
    },
  };
}

/**
 * The web chat's "send": the outbox row itself is the resident's inbox, read by the page when
 * they come back; marking it sent is all there is to do.
 */
export const webInbox: OutboundChannel = { send: async () => undefined };
