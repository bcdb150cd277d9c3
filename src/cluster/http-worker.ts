import type { Server } from 'node:http';

export type WechatState = 'logged-in' | 'logged-out' | 'not-running';

/** The primary's message to its HTTP workers: the WeChat login as the bot (in the primary) sees it. */
export const WECHAT_STATE = 'lianxin:wechat-state';

/**
 * In an HTTP worker: the WeChat login as the primary last told it (for /readyz), "not-running"
 * until told (a primary without the bot role never tells).
 */
export function wechatStateFromPrimary(): () => WechatState {
  let state: WechatState = 'not-running';
  process.on('message', (m: unknown) => {
    const msg = m as { type?: string; state?: WechatState } | null;
    if (msg?.type === WECHAT_STATE && msg.state) state = msg.state;
  });
  return () => state;
}

/**
 * Requests this process served, all and the web chat's, for its stop line in the log: with
 * several HTTP processes it shows how the port's connections were shared out, without telling
 * any client which process answered.
 */
export function countRequests(server: Server): () => { requests: number; chatRequests: number } {
  let requests = 0;
  let chatRequests = 0;
  server.on('request', (req: { url?: string }) => {
    requests++;
    if (req.url?.startsWith('/chat')) chatRequests++;
  });
  return () => ({ requests, chatRequests });
}
