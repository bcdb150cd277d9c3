/**
 * A message from a person, in our own shape. Each channel (Wechaty, the web chat, the
 * in-process bench channel) converts its raw message into this at the edge.
 */
export type InboundContent =
  | { kind: 'text'; text: string }
  | { kind: 'location'; address: string; latitude: number | null; longitude: number | null }
  /** A picture (or video) kept as an attachment; `ref` is where the channel stored it. */
  | { kind: 'image'; ref: string; mime: string }
  /** Voice, files, stickers …: the resident is asked to type instead. */
  | { kind: 'unsupported'; what: 'voice' | 'video' | 'file' | 'sticker' | 'other' };

/** A message as the router takes it: who sent it, on which channel, and what. */
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

/** A quick reply the dialogue offers next: the button's label and the text it sends. */
export type Choice = { label: string; reply: string };

/** The replies to a message, with the choices the dialogue offers next (buttons, where a channel has them). */
export type InboundAnswer = { replies: string[]; choices: Choice[] };
