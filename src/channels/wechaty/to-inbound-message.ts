import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { types, type Message, type Contact, type Wechaty } from 'wechaty';
import type { InboundContent, InboundMessage } from '../../domain/inbound-content';
import { cleanText } from '../../domain/inbound-text';

/** Longest display name and place name kept from WeChat (WeChat's own limits are far below). */
const NAME_MAX = 64;
const ADDRESS_MAX = 200;

/** A contact's display name as we keep it: one clean line, or undefined. */
export const cleanSenderName = (name: string | undefined | null): string | undefined => (name ? cleanText(name, { singleLine: true, maxLength: NAME_MAX }).trim() || undefined : undefined);

/** The remark we write on a contact: WeChat keeps it across logins, unlike some puppets' ids. */
export const STABLE_ALIAS = /^LX-[0-9a-f]{12}$/;

export function aliasFor(contactId: string): string {
  return `LX-${createHash('sha256').update(contactId).digest('hex').slice(0, 12)}`;
}

/**
 * A resident's stable key: the LX- remark if the contact has one, else one derived from the
 * current contact id (deterministic, so two quick messages agree), which is then written as the
 * remark so the next login finds it even if the puppet hands out a new id.
 */
export async function senderKeyOf(contact: Contact, remarked: Set<string>, onError: (err: unknown) => void): Promise<string> {
  const alias = await contact.alias().catch(() => undefined);
  if (alias && STABLE_ALIAS.test(alias)) return alias;
  const key = aliasFor(contact.id);
  if (!remarked.has(contact.id)) {
    remarked.add(contact.id);
    contact.alias(key).catch(onError);
  }
  return key;
}

const UNSUPPORTED: Partial<Record<types.Message, Extract<InboundContent, { kind: 'unsupported' }>['what']>> = {
  [types.Message.Audio]: 'voice',
  [types.Message.Attachment]: 'file',
  [types.Message.Emoticon]: 'sticker',
};

const MEDIA_MIME: Partial<Record<types.Message, string>> = {
  [types.Message.Image]: 'image/jpeg',
  [types.Message.Video]: 'video/mp4',
};

/**
 * Turns a Wechaty message into our own shape; the only place that reads Wechaty's payloads, and so
 * the WeChat side of the one boundary for hostile text: what people typed passes through `cleanText`.
 */
export async function contentOf(
  bot: Wechaty,
  msg: Message,
  opts: { attachmentsDir: string; text?: string },
): Promise<InboundContent> {
  const type = msg.type();
  if (type === types.Message.Text) return { kind: 'text', text: cleanText(opts.text ?? msg.text()) };
  if (type === types.Message.Location) {
    // msg.toLocation() throws in wechaty 1.20.2; the puppet's payload is the reliable source.
    const loc = await bot.puppet.messageLocation(msg.id);
    return {
      kind: 'location',
      address: cleanText([loc.name, loc.address].filter(Boolean).join(' '), { singleLine: true, maxLength: ADDRESS_MAX }).trim(),
      latitude: Number.isFinite(loc.latitude) ? loc.latitude : null,
      longitude: Number.isFinite(loc.longitude) ? loc.longitude : null,
    };
  }
  const mime = MEDIA_MIME[type];
  if (mime) {
    const box = await msg.toFileBox();
    await mkdir(opts.attachmentsDir, { recursive: true });
    const ext = path.extname(box.name) || (mime.startsWith('video') ? '.mp4' : '.jpg');
    const file = path.join(opts.attachmentsDir, `${createHash('sha256').update(msg.id).digest('hex').slice(0, 20)}${ext}`);
    await box.toFile(file, true);
    return { kind: 'image', ref: file, mime };
  }
  return { kind: 'unsupported', what: UNSUPPORTED[type] ?? 'other' };
}

export function toInboundMessage(msg: Message, senderKey: string, content: InboundContent): InboundMessage {
  return {
    id: msg.id,
    channel: 'wechat',
    senderKey,
    senderName: cleanSenderName(msg.talker().name()),
    contactRef: msg.talker().id,
    content,
    receivedAt: msg.date(),
  };
}
