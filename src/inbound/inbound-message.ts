import type { InboundContent } from '../domain/inbound-content';

/** A message as the router takes it: who sent it, on which channel, and what (see domain/inbound-content.ts). */
export type InboundMessage = {
  /** Channel message id: handled once (de-duplicated in Redis). */
  id: string;
  channel: 'wechat' | 'web' | 'official-account' | 'inproc';
  /** Stable identity of the sender on this channel (survives re-logins). */
  senderKey: string;
  /** The display name, if the channel knows it (kept for the cadre, masked in logs). */
  senderName?: string;
  /** Where the channel reaches this person now (e.g. the puppet's contact id); may change. */
  contactRef?: string;
  content: InboundContent;
  receivedAt: Date;
};
