import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for WeChat's API (api.weixin.qq.com), following its documented requests and
 * answers: GET /cgi-bin/token; POST /cgi-bin/message/custom/send, /message/subscribe/bizsend,
 * /message/template/send and /menu/create with ?access_token=. Errors as WeChat gives them
 * ({errcode, errmsg}, HTTP 200): 40001 invalid token, 41001 token missing, 45015 outside the
 * 48-hour window, 45047 rate limit, 43101 subscription refused. Tests set which apply.
 */
export type SentMessage =
  | { api: 'custom'; touser: string; text: string }
  | { api: 'subscribe' | 'template'; touser: string; templateId: string; data: Record<string, { value: string }> };

export type WechatStandIn = {
  url: string;
  /** Messages accepted, in order. */
  sent: SentMessage[];
  menus: unknown[];
  /** Token requests answered (successful or not). */
  tokenFetches: number;
  /** Every token issued so far is refused with 40001 from now on (as after a fetch elsewhere). */
  expireTokens(): void;
  /** Residents WeChat considers outside the 48-hour window (45015). */
  outsideWindow: Set<string>;
  /** The next n customer-service messages to a resident are refused with 45047. */
  rateLimit(openId: string, n: number): void;
  /** Residents who refused subscription messages (43101). */
  refusedSubscription: Set<string>;
  textsTo(openId: string): string[];
  close(): Promise<void>;
};

export async function startWechatStandIn(o: { appId: string; appSecret: string }): Promise<WechatStandIn> {
  const valid = new Set<string>();
  const limited = new Map<string, number>();
  const state = {
    sent: [] as SentMessage[],
    menus: [] as unknown[],
    tokenFetches: 0,
    outsideWindow: new Set<string>(),
    refusedSubscription: new Set<string>(),
  };

  const readJson = (req: IncomingMessage): Promise<unknown> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          resolve(null);
        }
      });
    });

  const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}` });

  const route = async (req: IncomingMessage): Promise<unknown> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      state.tokenFetches++;
      if (url.searchParams.get('grant_type') !== 'client_credential') return err(40002, 'invalid grant_type');
      if (url.searchParams.get('appid') !== o.appId) return err(40013, 'invalid appid');
      if (url.searchParams.get('secret') !== o.appSecret) return err(40125, 'invalid appsecret');
      const token = `ACCESS_${state.tokenFetches}_${randomBytes(12).toString('hex')}`;
      valid.add(token);
      return { access_token: token, expires_in: 7200 };
    }
    if (req.method !== 'POST') return err(43002, 'require POST method');
    const token = url.searchParams.get('access_token');
    if (!token) return err(41001, 'access_token missing');
    if (!valid.has(token)) return err(40001, 'invalid credential, access_token is invalid or not latest');
    const body = (await readJson(req)) as Record<string, unknown> | null;
    if (!body) return err(47001, 'data format error');
    const touser = typeof body.touser === 'string' ? body.touser : '';
    switch (url.pathname) {
      case '/cgi-bin/message/custom/send': {
        const text = (body.text as { content?: unknown } | undefined)?.content;
        if (!touser || body.msgtype !== 'text' || typeof text !== 'string') return err(47001, 'data format error');
        if (state.outsideWindow.has(touser)) return err(45015, 'response out of time limit or subscription is canceled');
        const n = limited.get(touser) ?? 0;
        if (n > 0) {
          limited.set(touser, n - 1);
          return err(45047, 'out of response count limit');
        }
        state.sent.push({ api: 'custom', touser, text });
        return { errcode: 0, errmsg: 'ok' };
      }
      case '/cgi-bin/message/subscribe/bizsend':
      case '/cgi-bin/message/template/send': {
        const api = url.pathname.endsWith('bizsend') ? 'subscribe' : 'template';
        if (!touser || typeof body.template_id !== 'string' || typeof body.data !== 'object' || body.data === null) return err(47003, 'argument invalid');
        if (api === 'subscribe' && state.refusedSubscription.has(touser)) return err(43101, 'user refuse to accept the msg');
        for (const v of Object.values(body.data as Record<string, unknown>)) {
          if (typeof (v as { value?: unknown }).value !== 'string') return err(47003, 'argument invalid! data.value invalid');
        }
        state.sent.push({ api, touser, templateId: body.template_id, data: body.data as Record<string, { value: string }> });
        return api === 'template' ? { errcode: 0, errmsg: 'ok', msgid: Date.now() } : { errcode: 0, errmsg: 'ok' };
      }
      case '/cgi-bin/menu/create': {
        if (!Array.isArray(body.button) || body.button.length === 0 || body.button.length > 3) return err(40016, 'invalid button size');
        state.menus.push(body);
        return { errcode: 0, errmsg: 'ok' };
      }
      default:
        return err(48001, 'api unauthorized');
    }
  };

  const server: Server = createServer((req, res) => {
    void route(req).then((answer) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get sent() {
      return state.sent;
    },
    menus: state.menus,
    get tokenFetches() {
      return state.tokenFetches;
    },
    expireTokens: () => valid.clear(),
    outsideWindow: state.outsideWindow,
    rateLimit: (openId, n) => limited.set(openId, n),
    refusedSubscription: state.refusedSubscription,
    textsTo: (openId) => state.sent.flatMap((m) => (m.api === 'custom' && m.touser === openId ? [m.text] : [])),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
