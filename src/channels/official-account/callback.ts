import type { InboundMessage } from '../../domain/inbound-content';
import type { Logger } from '../../logging/logger';
import { officialAccountTexts } from '../../messages/zh-CN';
import { normaliseBondCardCode } from '../../cards/bond-card-code';
import type { WechatApi } from './api';
import type { ContactWindow } from './contact-window';
import { type SafeMode, openEnvelope, sealReply } from './safe-mode';
import { OFFICIAL_ACCOUNT } from './settings';
import { isServerSigned } from './signature';
import { createdAt, dedupIdOf, intentOf, readWechatMessage, type WechatIntent, type WechatMessage } from './wechat-message';
import { parseWechatXml, passiveTextReply } from './xml';

export type CallbackDeps = {
  token: string;
  /** Set: messages arrive and leave encrypted. */
  safeMode: SafeMode | null;
  /** The router. */
  handle: (msg: InboundMessage) => Promise<string[] | null>;
  api: WechatApi;
  window: ContactWindow;
  /** Menu button key → what pressing it says to the router. */
  menu: ReadonlyMap<string, string>;
  logger: Logger;
  clock: () => Date;
  /** How long the passive reply may wait for the router (WeChat gives up at 5 s; default 4 s). */
  replyWithinMs?: number;
};

/** What the HTTP route sends back: a status and a body, and work to do once it has gone. */
export type CallbackAnswer = { status: number; body: string; contentType?: string; after?: () => Promise<void> };

const refused = (status: number): CallbackAnswer => ({ status, body: '' });
/** WeChat's "received, nothing to say" (an empty body works too; "success" is what it documents). */
const success = (after?: () => Promise<void>): CallbackAnswer => ({ status: 200, body: 'success', contentType: 'text/plain', after });

/**
 * The Official Account's callbacks, as plain functions of (query, body): the Fastify route is a
 * thin shell. Nothing is done for a request whose signature does not check out.
 */
export function createCallback(deps: CallbackDeps) {
  const { logger } = deps;
  const replyWithinMs = deps.replyWithinMs ?? 4000;

  /** GET: WeChat's server check when the URL is saved in the account's settings. */
  const verify = (q: Record<string, unknown>): CallbackAnswer => {
    if (!isServerSigned(deps.token, q) || typeof q.echostr !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(q.echostr)) return refused(401);
    return { status: 200, body: q.echostr, contentType: 'text/plain' };
  };

  /** Extra replies, one after another, through the customer-service API. */
  const sendRest = async (openId: string, texts: string[], messageId: string) => {
    for (const text of texts) {
      try {
        await deps.api.sendText(openId, text);
      } catch (err) {
        logger.warn('official account: a reply could not be sent', { messageId, err });
        return;
      }
    }
  };

  const toInbound = (m: WechatMessage, intent: WechatIntent, id: string): InboundMessage | null => {
    const common = { id, channel: OFFICIAL_ACCOUNT, senderKey: m.FromUserName, contactRef: m.FromUserName, receivedAt: createdAt(m, deps.clock()) } as const;
    switch (intent.kind) {
      case 'text':
        return { ...common, content: { kind: 'text', text: intent.text } };
      case 'location':
        return { ...common, content: { kind: 'location', address: intent.address, latitude: intent.latitude, longitude: intent.longitude } };
      case 'image':
        return { ...common, content: { kind: 'image', ref: intent.ref, mime: 'image/jpeg' } };
      case 'unsupported':
        return { ...common, content: { kind: 'unsupported', what: intent.what } };
      case 'menu': {
        const says = deps.menu.get(intent.key);
        return says ? { ...common, content: { kind: 'text', text: says } } : null;
      }
      case 'scene': {
        // A bond card's QR code carries its code as the scene: presented as `连心卡 <code>`.
        const code = normaliseBondCardCode(intent.scene);
        return code ? { ...common, content: { kind: 'text', text: `连心卡 ${code}` } } : null;
      }
      case 'followed':
      case 'ignore':
        return null;
    }
  };

  /** POST: one message or event. */
  const receive = async (q: Record<string, unknown>, body: string): Promise<CallbackAnswer> => {
    if (!isServerSigned(deps.token, q)) return refused(401);
    const timestamp = q.timestamp as string;
    const nonce = q.nonce as string;
    let fields: Record<string, string>;
    try {
      fields = parseWechatXml(body);
      if (deps.safeMode) {
        if (!fields.Encrypt) return refused(400);
        fields = parseWechatXml(openEnvelope(deps.safeMode, { msg_signature: q.msg_signature, timestamp, nonce }, fields.Encrypt));
      }
    } catch (err) {
      const status = err instanceof Error && err.message === 'bad msg_signature' ? 401 : 400;
      logger.warn('official account: callback refused', { status, reason: err instanceof Error ? err.message : 'unreadable' });
      return refused(status);
    }
    const m = readWechatMessage(fields);
    if (!m) {
      logger.warn('official account: message not understood', { msgType: fields.MsgType?.slice(0, 20) });
      return success();
    }
    const dedupId = dedupIdOf(m);
    const admitted = await deps.window.admit(dedupId, m.FromUserName, deps.clock());
    if (!admitted.fresh) return success();
    if (admitted.hadHeld) {
      // Notices held outside the 48-hour window are due again now that the resident has written.
      void deps.window
        .release(m.FromUserName, deps.clock())
        .then((n) => n && logger.info('official account: held notices released', { notices: n }))
        .catch((err: unknown) => logger.error('official account: held notices not released; they are retried later', { err }));
    }

    const intent = intentOf(m);
    const msg = toInbound(m, intent, `mp-${dedupId}`);
    const handled: Promise<string[]> = msg
      ? deps.handle(msg).then(
          (r) => r ?? [],
          (err: unknown) => {
            logger.error('official account: message handling failed', { messageId: msg.id, err });
            return [];
          },
        )
      : Promise.resolve(intent.kind === 'followed' ? [officialAccountTexts.followed] : []);

    // The first reply goes back in the answer if ready within WeChat's 5 s; the rest (or all, if
    // the router is slow) through the customer-service API once the answer has gone.
    const timedOut = Symbol('timeout');
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([handled, new Promise<typeof timedOut>((r) => (timer = setTimeout(() => r(timedOut), replyWithinMs)))]);
    clearTimeout(timer);
    if (first === timedOut) {
      logger.warn('official account: reply not ready in time; sending it as a customer-service message', { messageId: msg?.id });
      return success(async () => sendRest(m.FromUserName, await handled, msg?.id ?? dedupId));
    }
    if (first.length === 0) return success();
    const now = Math.floor(deps.clock().getTime() / 1000);
    const xml = passiveTextReply({ toUser: m.FromUserName, fromUser: m.ToUserName, createTime: now, text: first[0]! });
    const rest = first.slice(1);
    return {
      status: 200,
      contentType: 'application/xml; charset=utf-8',
      body: deps.safeMode ? sealReply(deps.safeMode, xml, now) : xml,
      after: rest.length ? () => sendRest(m.FromUserName, rest, msg?.id ?? dedupId) : undefined,
    };
  };

  return { verify, receive };
}

export type Callback = ReturnType<typeof createCallback>;
