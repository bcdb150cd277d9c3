import { randomBytes } from 'node:crypto';
import { decrypt, encrypt } from '@wecom/crypto';
import { buildWechatXml } from './xml';
import { signatureMatches, wechatSignature } from './signature';

/**
 * WeChat's encrypted "safe mode" (安全模式): AES-256-CBC with the EncodingAESKey, the message
 * framed as random(16) | length(4) | XML | AppID. The cipher and framing are @wecom/crypto's
 * (Tencent WeCom's own package; the Official Account uses the same scheme with the AppID where
 * WeCom has the CorpID); what is checked here is what that package leaves to its caller.
 */
export class BadEnvelope extends Error {
  override name = 'BadEnvelope';
}

export type SafeMode = { token: string; aesKey: string; appId: string };

/** The inner XML of an <Encrypt> element, once its msg_signature and AppID are checked. */
export function openEnvelope(mode: SafeMode, q: { msg_signature?: unknown; timestamp: string; nonce: string }, encrypted: string): string {
  if (!/^[A-Za-z0-9+/=]{1,60000}$/.test(encrypted)) throw new BadEnvelope('malformed Encrypt element');
  if (!signatureMatches(wechatSignature(mode.token, q.timestamp, q.nonce, encrypted), q.msg_signature)) throw new BadEnvelope('bad msg_signature');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(mode.aesKey, encrypted);
  } catch {
    throw new BadEnvelope('cannot decrypt');
  }
  // A wrong key or a forged block decrypts to noise: the AppID at the end is the check.
  if (opened.id !== mode.appId) throw new BadEnvelope('not for this account');
  return opened.message;
}

/** A passive reply sealed for safe mode: the encrypted XML, its signature, timestamp and nonce. */
export function sealReply(mode: SafeMode, replyXml: string, timestamp: number): string {
  const encrypted = encrypt(mode.aesKey, replyXml, mode.appId);
  const nonce = randomBytes(8).toString('hex');
  return buildWechatXml([
    ['Encrypt', encrypted],
    ['MsgSignature', wechatSignature(mode.token, String(timestamp), nonce, encrypted)],
    ['TimeStamp', timestamp],
    ['Nonce', nonce],
  ]);
}
