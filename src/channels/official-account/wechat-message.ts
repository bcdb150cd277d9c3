import { z } from 'zod';
import { cleanText } from '../../domain/inbound-text';
import { parseStrictDecimal, parseStrictInt } from '../../domain/strict-parse';

/**
 * A message or event from WeChat, as this channel understands it. Fields WeChat documents for
 * each type (公众号 消息管理 → 接收普通消息 / 接收事件推送); the rest is ignored.
 */
const openId = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);
const base = z.object({
  ToUserName: z.string().min(1).max(64),
  FromUserName: openId,
  CreateTime: z.string().regex(/^\d{1,12}$/),
});
const msgId = z.string().regex(/^\d{1,24}$/);

const schema = z.discriminatedUnion('MsgType', [
  base.extend({ MsgType: z.literal('text'), Content: z.string().max(20_000).default(''), MsgId: msgId }),
  base.extend({ MsgType: z.literal('image'), PicUrl: z.string().max(2000).default(''), MediaId: z.string().max(256).default(''), MsgId: msgId }),
  base.extend({ MsgType: z.literal('voice'), Recognition: z.string().max(20_000).optional(), MsgId: msgId }),
  base.extend({
    MsgType: z.literal('location'),
    Location_X: z.string().max(32),
    Location_Y: z.string().max(32),
    Label: z.string().max(500).default(''),
    MsgId: msgId,
  }),
  base.extend({ MsgType: z.enum(['video', 'shortvideo', 'link', 'file']), MsgId: msgId }),
  base.extend({ MsgType: z.literal('event'), Event: z.string().max(64), EventKey: z.string().max(256).optional() }),
]);

export type WechatMessage = z.infer<typeof schema>;

export function readWechatMessage(fields: Record<string, string>): WechatMessage | null {
  const parsed = schema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/** WeChat's id for de-duplication: MsgId, or FromUserName+CreateTime for events (its own advice). */
export function dedupIdOf(m: WechatMessage): string {
  return 'MsgId' in m ? m.MsgId : `${m.FromUserName}:${m.CreateTime}:${m.Event}`;
}

/** What a message asks of Lianxin, before it becomes the router's InboundMessage. */
export type WechatIntent =
  | { kind: 'text'; text: string }
  | { kind: 'location'; address: string; latitude: number | null; longitude: number | null }
  | { kind: 'image'; ref: string }
  | { kind: 'unsupported'; what: 'voice' | 'video' | 'file' | 'other' }
  /** Followed without a bond card: greeted. */
  | { kind: 'followed' }
  /** A menu button with the key given (the district data says what it means). */
  | { kind: 'menu'; key: string }
  /** Followed or scanned through a bond card's QR code: the card's scene value, as sent. */
  | { kind: 'scene'; scene: string }
  /** Nothing to answer (unsubscribe, a menu link opened, a template delivery report …). */
  | { kind: 'ignore' };

const coordinate = (value: string, limit: number): number | null => parseStrictDecimal(value, -limit, limit);

export function intentOf(m: WechatMessage): WechatIntent {
  switch (m.MsgType) {
    case 'text':
      return { kind: 'text', text: cleanText(m.Content) };
    case 'voice':
      // With speech recognition switched on for the account, WeChat sends the words too.
      return m.Recognition?.trim() ? { kind: 'text', text: cleanText(m.Recognition) } : { kind: 'unsupported', what: 'voice' };
    case 'image':
      return m.PicUrl || m.MediaId ? { kind: 'image', ref: cleanText(m.PicUrl || `wechat-mp-media:${m.MediaId}`, { singleLine: true }) } : { kind: 'unsupported', what: 'other' };
    case 'location':
      return {
        kind: 'location',
        address: cleanText(m.Label, { singleLine: true, maxLength: 200 }),
        latitude: coordinate(m.Location_X, 90),
        longitude: coordinate(m.Location_Y, 180),
      };
    case 'video':
    case 'shortvideo':
      return { kind: 'unsupported', what: 'video' };
    case 'file':
      return { kind: 'unsupported', what: 'file' };
    case 'link':
      return { kind: 'unsupported', what: 'other' };
    case 'event':
      return eventIntent(m.Event, cleanText(m.EventKey ?? '', { singleLine: true, maxLength: 256 }));
  }
}

function eventIntent(event: string, key: string): WechatIntent {
  switch (event.toLowerCase()) {
    case 'subscribe':
      // A parametric QR code: EventKey is qrscene_<scene>.
      return key.startsWith('qrscene_') ? { kind: 'scene', scene: key.slice('qrscene_'.length) } : { kind: 'followed' };
    case 'scan':
      return key ? { kind: 'scene', scene: key } : { kind: 'ignore' };
    case 'click':
      return key ? { kind: 'menu', key } : { kind: 'ignore' };
    default:
      return { kind: 'ignore' };
  }
}

/** Seconds since the epoch in a message, as a Date (WeChat's CreateTime). */
export function createdAt(m: WechatMessage, fallback: Date): Date {
  const s = parseStrictInt(m.CreateTime, 0, 99_999_999_999);
  return s === null ? fallback : new Date(s * 1000);
}
