import type { Db } from '../../db/client';
import { NoChannelForRecipient, type OutboundChannel, type Recipient, SendLater, type SendMeta } from '../../dispatcher/dispatcher';
import { retryDelayMs } from '../../dispatcher/backoff';
import { officialAccountTexts } from '../../messages/zh-CN';
import type { RateCounters } from '../../stores/stores';
import type { WechatApi } from './api';
import { WECHAT_ERRORS, WechatApiError } from './api-error';
import { type ContactWindow, HELD_REASON } from './contact-window';
import { OFFICIAL_ACCOUNT, type OfficialAccountSettings } from './settings';
import { formatDayTime } from '../../domain/time';

/** The template's field names for the case number, the step and the time (the district data names them). */
export type NoticeFields = { caseNumber: string; step: string; time: string };

/** A held notice is looked at again after this even if the resident does not write (a subscription may have come). */
const HOLD_RECHECK_MS = 24 * 3_600_000;

export type OfficialAccountSenderDeps = {
  api: WechatApi;
  window: ContactWindow;
  rates: RateCounters;
  db: Db;
  notice: OfficialAccountSettings['notice'];
  fields: NoticeFields;
  timeZone: string;
  clock: () => Date;
  /** First back-off after WeChat's rate limit (45047); doubles per refusal in a row (default 60 s). */
  rateLimitBackoffMs?: number;
};

/**
 * The dispatcher's way out through the Official Account. Within 48 hours of the resident's last
 * message: the notice's full text as a customer-service message. Beyond it: a subscription or
 * template message (case number, step, time) if one is configured and allowed. Otherwise the
 * notice is held (not failed, no attempt counted) and released when the resident writes again.
 */
export function createOfficialAccountSender(deps: OfficialAccountSenderDeps): OutboundChannel {
  const limitedKey = (openId: string) => `mp:limited:${openId}`;

  /** 45047: later, with a delay that grows while WeChat keeps refusing this resident. */
  const backOff = async (openId: string, err: WechatApiError): Promise<never> => {
    const [n] = await deps.rates.add([{ key: limitedKey(openId), by: 1, ttlMs: 6 * 3_600_000 }]);
    throw new SendLater(err.message, new Date(deps.clock().getTime() + retryDelayMs(n!, deps.rateLimitBackoffMs ?? 60_000)));
  };

  const hold = async (openId: string): Promise<never> => {
    await deps.window.markHeld(openId);
    throw new SendLater(HELD_REASON, new Date(deps.clock().getTime() + HOLD_RECHECK_MS));
  };

  const noticeData = async (meta: SendMeta | undefined): Promise<Record<string, string>> => {
    const found = meta?.caseId ? await deps.db.case.findUnique({ where: { id: meta.caseId }, select: { caseNumber: true } }) : null;
    const step = (meta && officialAccountTexts.noticeStep[meta.kind]) ?? officialAccountTexts.noticeStepOther;
    return {
      [deps.fields.caseNumber]: found?.caseNumber ?? '-',
      [deps.fields.step]: step.slice(0, 20),
      [deps.fields.time]: formatNoticeTime(deps.clock(), deps.timeZone),
    };
  };

  return {
    async send(to: Recipient, text: string, meta?: SendMeta): Promise<void> {
      if (to.channel !== OFFICIAL_ACCOUNT || to.kind !== 'RESIDENT') throw new NoChannelForRecipient(`no Official Account sender for ${to.kind.toLowerCase()} on ${to.channel}`);
      const openId = to.key;
      if (await deps.window.inWindow(openId, deps.clock())) {
        try {
          await deps.api.sendText(openId, text);
          await deps.rates.reset(limitedKey(openId));
          return;
        } catch (err) {
          if (!(err instanceof WechatApiError)) throw err;
          if (err.errcode === WECHAT_ERRORS.rateLimited) return backOff(openId, err);
          if (err.errcode === WECHAT_ERRORS.unfollowed) return hold(openId);
          if (err.errcode !== WECHAT_ERRORS.outsideWindow) throw err;
          // WeChat's clock says the window has closed: as beyond it.
        }
      }
      const templateId = deps.notice.templateId;
      if (!templateId) return hold(openId);
      try {
        await deps.api.sendNotice(deps.notice.kind, openId, templateId, await noticeData(meta));
      } catch (err) {
        if (!(err instanceof WechatApiError)) throw err;
        if (err.errcode === WECHAT_ERRORS.rateLimited) return backOff(openId, err);
        if (err.errcode === WECHAT_ERRORS.subscriptionRefused || err.errcode === WECHAT_ERRORS.unfollowed) return hold(openId);
        throw err;
      }
    },
  };
}

/** "2026-11-27 10:00" in the district's time zone: the form WeChat's time fields take. */
const formatNoticeTime = formatDayTime;
