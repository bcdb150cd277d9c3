import { decrypt, encrypt } from '@wecom/crypto';
import { buildWechatXml, parseWechatXml, passiveTextReply } from '../../src/channels/official-account/xml';
import { isServerSigned, wechatSignature } from '../../src/channels/official-account/signature';
import { openEnvelope, sealReply } from '../../src/channels/official-account/safe-mode';
import { intentOf, readWechatMessage } from '../../src/channels/official-account/wechat-message';
import { menuActions, wechatMenu } from '../../src/channels/official-account/menu';
import { DEFAULT_OFFICIAL_ACCOUNT_MENU } from '../../src/config/district-schema';
import { loadConfig } from '../../src/config/env';

const mode = { token: 'tok123', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wx0123456789abcdef' };

describe('Official Account XML', () => {
  it('escapes anything a text can hold: CDATA ends, controls, lone surrogates', () => {
    const text = 'a ]]> <b>&amp;</b> \u0000\u0007 \uD800 end';
    const xml = passiveTextReply({ toUser: 'o1', fromUser: 'gh', createTime: 1, text });
    expect(xml).not.toMatch(/[\u0000\u0007]/);
    expect(parseWechatXml(xml).Content).toBe('a ]]> <b>&amp;</b>  \uFFFD end');
  });

  it('keeps a 64-bit MsgId as written and refuses document types', () => {
    expect(parseWechatXml(buildWechatXml([['MsgId', '23456789012345678901']])).MsgId).toBe('23456789012345678901');
    expect(() => parseWechatXml('<!DOCTYPE xml><xml></xml>')).toThrow();
    expect(() => parseWechatXml('<xml><a>1</xml>')).toThrow();
  });

  it('reads events: a bond card scene on follow and scan, menu clicks; cleans text', () => {
    const base = { ToUserName: 'gh', FromUserName: 'oABCDEF123', CreateTime: '1700000000' };
    expect(intentOf(readWechatMessage({ ...base, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_K7M2Q9' })!)).toEqual({ kind: 'scene', scene: 'K7M2Q9' });
    expect(intentOf(readWechatMessage({ ...base, MsgType: 'event', Event: 'SCAN', EventKey: 'K7M2Q9' })!)).toEqual({ kind: 'scene', scene: 'K7M2Q9' });
    expect(intentOf(readWechatMessage({ ...base, MsgType: 'event', Event: 'subscribe' })!)).toEqual({ kind: 'followed' });
    expect(intentOf(readWechatMessage({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'REPORT' })!)).toEqual({ kind: 'menu', key: 'REPORT' });
    expect(intentOf(readWechatMessage({ ...base, MsgType: 'text', Content: 'a\u0000b', MsgId: '1' })!)).toEqual({ kind: 'text', text: 'ab' });
    expect(intentOf(readWechatMessage({ ...base, MsgType: 'location', Location_X: '99', Location_Y: '104.7', Label: 'x', MsgId: '2' })!)).toMatchObject({ latitude: null, longitude: 104.7 });
    expect(readWechatMessage({ ...base, FromUserName: '<script>', MsgType: 'text', Content: 'x', MsgId: '1' })).toBeNull();
  });
});

describe('Official Account signatures and safe mode', () => {
  it('checks the server signature over the sorted token, timestamp and nonce', () => {
    const signature = wechatSignature('tok123', '1700000000', 'n1');
    expect(isServerSigned('tok123', { signature, timestamp: '1700000000', nonce: 'n1' })).toBe(true);
    expect(isServerSigned('tok123', { signature, timestamp: '1700000001', nonce: 'n1' })).toBe(false);
    expect(isServerSigned('tok123', { signature: [signature], timestamp: '1700000000', nonce: 'n1' })).toBe(false);
  });

  it('opens what WeChat seals and seals what WeChat can open', () => {
    const encrypted = encrypt(mode.aesKey, '<xml><Content>你好</Content></xml>', mode.appId);
    const q = { timestamp: '1', nonce: 'n', msg_signature: wechatSignature(mode.token, '1', 'n', encrypted) };
    expect(openEnvelope(mode, q, encrypted)).toBe('<xml><Content>你好</Content></xml>');
    expect(() => openEnvelope(mode, { ...q, msg_signature: 'f'.repeat(40) }, encrypted)).toThrow('bad msg_signature');
    const sealed = parseWechatXml(sealReply(mode, '<xml><Content>好的</Content></xml>', 5));
    expect(sealed.MsgSignature).toBe(wechatSignature(mode.token, '5', sealed.Nonce!, sealed.Encrypt!));
    expect(decrypt(mode.aesKey, sealed.Encrypt!)).toMatchObject({ message: '<xml><Content>好的</Content></xml>', id: mode.appId });
  });
});

describe('Official Account configuration', () => {
  it('turns the menu data into WeChat\'s shape and the click keys into what they say', () => {
    expect(wechatMenu(DEFAULT_OFFICIAL_ACCOUNT_MENU).button).toEqual([
      { type: 'click', name: '我要反映', key: 'REPORT' },
      { type: 'click', name: '我的案件', key: 'MY_CASES' },
      { type: 'click', name: '连心卡', key: 'BOND_CARD' },
    ]);
    expect(menuActions([{ name: '更多', items: [{ name: '网页', url: 'https://example.org/chat' }, { name: '帮助', key: 'HELP', says: '帮助' }] }])).toEqual(new Map([['HELP', '帮助']]));
  });

  it('wants all three of app id, secret and token, or none', () => {
    expect(() => loadConfig({ WECHAT_MP_APP_ID: 'wx0123456789abcdef' })).toThrow(/set all three/);
    expect(() => loadConfig({ WECHAT_MP_AES_KEY: 'short' })).toThrow(/WECHAT_MP_AES_KEY/);
    expect(loadConfig({}).WECHAT_API_BASE).toBe('https://api.weixin.qq.com');
  });
});
