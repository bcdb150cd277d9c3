import type { Config } from '../../config/env';

/** The channel's name in InboundMessage, Resident.channel and Redis keys. */
export const OFFICIAL_ACCOUNT = 'official-account';

/** The Official Account's settings, or null when the channel is off (not all three ids set). */
export type OfficialAccountSettings = {
  appId: string;
  appSecret: string;
  token: string;
  /** Set: the encrypted "safe mode" (安全模式). */
  aesKey: string | null;
  apiBase: string;
  notice: { templateId: string | null; kind: 'subscribe' | 'template' };
};

export function officialAccountSettings(config: Config): OfficialAccountSettings | null {
  if (!config.WECHAT_MP_APP_ID || !config.WECHAT_MP_APP_SECRET || !config.WECHAT_MP_TOKEN) return null;
  return {
    appId: config.WECHAT_MP_APP_ID,
    appSecret: config.WECHAT_MP_APP_SECRET,
    token: config.WECHAT_MP_TOKEN,
    aesKey: config.WECHAT_MP_AES_KEY ?? null,
    apiBase: config.WECHAT_API_BASE.replace(/\/+$/, ''),
    notice: { templateId: config.WECHAT_MP_NOTICE_TEMPLATE_ID ?? null, kind: config.WECHAT_MP_NOTICE_KIND },
  };
}
