/** WeChat's documented error codes this channel acts on. */
export const WECHAT_ERRORS = {
  /** access_token invalid or not the latest. */
  invalidToken: 40001,
  /** access_token expired. */
  expiredToken: 42001,
  /** The resident has not written within 48 hours: customer-service messages are not allowed. */
  outsideWindow: 45015,
  /** Too many customer-service messages to this resident: slow down. */
  rateLimited: 45047,
  /** The resident no longer follows the account. */
  unfollowed: 43004,
  /** The resident refused (or has not accepted) the subscription message. */
  subscriptionRefused: 43101,
} as const;

/** An answer from WeChat with a non-zero errcode. The message names the call, never the token. */
export class WechatApiError extends Error {
  override name = 'WechatApiError';
  constructor(
    readonly errcode: number,
    errmsg: string,
    call: string,
  ) {
    super(`WeChat ${call}: errcode ${errcode} ${errmsg.replace(/access_token\S*/gi, 'access_token').slice(0, 200)}`);
  }
}
