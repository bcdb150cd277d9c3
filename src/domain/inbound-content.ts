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
