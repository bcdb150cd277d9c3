import type { AccessTokens } from './access-token';
import { WECHAT_ERRORS, WechatApiError } from './api-error';

/** The few calls Lianxin makes to WeChat's API, each with the shared access token. */
export type WechatApi = {
  /** 客服消息: a text to a resident who wrote within 48 hours. */
  sendText(openId: string, text: string): Promise<void>;
  /** 订阅通知 (subscribe) or 模板消息 (template): data keyed by the template's field names. */
  sendNotice(kind: 'subscribe' | 'template', openId: string, templateId: string, data: Record<string, string>): Promise<void>;
  /** 自定义菜单: replaces the account's menu. */
  createMenu(menu: unknown): Promise<void>;
};

export function createWechatApi(o: { apiBase: string; tokens: AccessTokens; timeoutMs?: number }): WechatApi {
  /**
   * POSTs JSON with the token; a token WeChat calls invalid or expired is refreshed once and the
   * call made again. Any other non-zero errcode is thrown as WechatApiError.
   */
  const call = async (name: string, path: string, body: unknown): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const token = await o.tokens.get();
      let answer: { errcode?: unknown; errmsg?: unknown };
      try {
        const res = await fetch(`${o.apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          // WeChat reads Chinese as is; escaped code points (\u4e2d) are shown literally in some clients.
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
        answer = (await res.json()) as typeof answer;
      } catch (err) {
        throw new Error(`WeChat ${name}: request failed (${err instanceof Error ? err.name : 'error'})`);
      }
      const errcode = Number(answer.errcode ?? 0);
      if (errcode === 0) return;
      if ((errcode === WECHAT_ERRORS.invalidToken || errcode === WECHAT_ERRORS.expiredToken) && attempt === 0) {
        await o.tokens.invalidate(token);
        continue;
      }
      throw new WechatApiError(errcode, String(answer.errmsg ?? ''), name);
    }
  };

  return {
    sendText: (openId, text) => call('custom/send', '/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content: text } }),
    sendNotice: (kind, openId, templateId, data) => {
      const values = Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }]));
      return kind === 'subscribe'
        ? call('subscribe/bizsend', '/cgi-bin/message/subscribe/bizsend', { touser: openId, template_id: templateId, data: values })
        : call('template/send', '/cgi-bin/message/template/send', { touser: openId, template_id: templateId, data: values });
    },
    createMenu: (menu) => call('menu/create', '/cgi-bin/menu/create', menu),
  };
}
