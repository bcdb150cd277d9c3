import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { decrypt, encrypt } from '@wecom/crypto';
import { wechatSignature } from '../../src/channels/official-account/signature';
import { buildWechatXml, parseWechatXml } from '../../src/channels/official-account/xml';

/** The account's ids and keys as the tests configure them. */
export const MP = {
  appId: 'wx0123456789abcdef',
  appSecret: 'standinsecret0123456789abcdef012',
  token: 'lianxinTestToken',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  account: 'gh_0123456789ab',
};

export function officialAccountEnv(apiBase: string, extra: Record<string, string> = {}): Record<string, string> {
  return { WECHAT_MP_APP_ID: MP.appId, WECHAT_MP_APP_SECRET: MP.appSecret, WECHAT_MP_TOKEN: MP.token, WECHAT_API_BASE: apiBase, ...extra };
}

let msgIds = BigInt(Date.now()) * 1000n;
export const nextMsgId = () => String(++msgIds);

/**
 * WeChat's side of the callbacks: signs and (in safe mode) encrypts what a resident does, posts
 * it to the app, and reads the passive reply back.
 */
export function wechatServer(app: FastifyInstance, opts: { safe?: boolean } = {}) {
  let clockSeconds = Math.floor(Date.now() / 1000);
  const signedQuery = (extra: Record<string, string> = {}) => {
    const timestamp = String(clockSeconds);
    const nonce = randomBytes(5).toString('hex');
    return new URLSearchParams({ signature: wechatSignature(MP.token, timestamp, nonce), timestamp, nonce, ...extra });
  };

  /** Posts one message's fields; returns the status and the reply's text (or null for none). */
  const post = async (fields: [string, string | number][]): Promise<{ status: number; text: string | null; raw: string }> => {
    const plain = buildWechatXml(fields);
    let query = signedQuery();
    let body = plain;
    if (opts.safe) {
      const encrypted = encrypt(MP.aesKey, plain, MP.appId);
      const timestamp = query.get('timestamp')!;
      const nonce = query.get('nonce')!;
      query = new URLSearchParams({ ...Object.fromEntries(query), openid: 'x', encrypt_type: 'aes', msg_signature: wechatSignature(MP.token, timestamp, nonce, encrypted) });
      body = buildWechatXml([['ToUserName', MP.account], ['Encrypt', encrypted]]);
    }
    const res = await app.inject({ method: 'POST', url: `/wechat/official-account?${query}`, headers: { 'content-type': 'text/xml' }, payload: body });
    return { status: res.statusCode, text: replyText(res.body, opts.safe === true), raw: res.body };
  };

  const message = (openId: string, type: string, rest: [string, string | number][], msgId = nextMsgId()) =>
    post([['ToUserName', MP.account], ['FromUserName', openId], ['CreateTime', clockSeconds++], ['MsgType', type], ...rest, ['MsgId', msgId]]);

  return {
    signedQuery,
    post,
    text: (openId: string, content: string, msgId?: string) => message(openId, 'text', [['Content', content]], msgId),
    location: (openId: string, lat: number, lng: number, label: string) =>
      message(openId, 'location', [['Location_X', String(lat)], ['Location_Y', String(lng)], ['Scale', 15], ['Label', label]]),
    voice: (openId: string, recognition?: string) => message(openId, 'voice', [['MediaId', 'media1'], ['Format', 'amr'], ...(recognition ? ([['Recognition', recognition]] as [string, string][]) : [])]),
    image: (openId: string) => message(openId, 'image', [['PicUrl', 'https://mmbiz.qpic.cn/demo.jpg'], ['MediaId', 'media2']]),
    event: (openId: string, event: string, eventKey?: string, createTime = clockSeconds++) =>
      post([['ToUserName', MP.account], ['FromUserName', openId], ['CreateTime', createTime], ['MsgType', 'event'], ['Event', event], ...(eventKey !== undefined ? ([['EventKey', eventKey]] as [string, string][]) : [])]),
  };
}

/** The text of a passive reply (decrypted in safe mode, its signature checked), or null for "success"/empty. */
export function replyText(body: string, safe: boolean): string | null {
  if (!body.startsWith('<xml>')) return null;
  let fields = parseWechatXml(body);
  if (safe) {
    if (fields.MsgSignature !== wechatSignature(MP.token, fields.TimeStamp!, fields.Nonce!, fields.Encrypt!)) throw new Error('reply signature wrong');
    const opened = decrypt(MP.aesKey, fields.Encrypt!);
    if (opened.id !== MP.appId) throw new Error('reply sealed for another account');
    fields = parseWechatXml(opened.message);
  }
  if (fields.MsgType !== 'text') throw new Error(`unexpected reply type ${fields.MsgType}`);
  return fields.Content ?? '';
}
