import type { Recipient } from './recipients';

/**
 * What the dispatcher needs of a channel, and how a channel says "not now" or "never": the
 * contract between dispatcher/ and channels/ (each channel's sender implements it).
 */

/** What a channel may need besides the text (a template message names the case and its step). */
export type SendMeta = { kind: string; caseId: number | null };

export interface OutboundChannel {
  /** Throws when the message could not be sent. */
  send(to: Recipient, text: string, meta?: SendMeta): Promise<void>;
}

/**
 * Not sent now, and not a failure: the channel says when to try again (WeChat's rate limit, or a
 * notice held until the resident writes again). No attempt is counted; the reason is kept.
 */
export class SendLater extends Error {
  override name = 'SendLater';
  constructor(
    message: string,
    readonly until: Date,
  ) {
    super(message);
  }
}

/**
 * No channel of this process reaches the person at all (a resident who filed through Open311 has
 * no chat to reply to): the row is marked FAILED at once, with the reason, for operators.
 */
export class NoChannelForRecipient extends Error {
  override name = 'NoChannelForRecipient';
}

/** The person cannot be reached yet (a cadre not bound to WeChat): wait, without counting an attempt. */
export class RecipientUnreachable extends Error {
  override name = 'RecipientUnreachable';
}
