import type { Db } from '../../db/client';
import type { District } from '../../domain/district';
import type { InboundMessage } from '../../domain/inbound-content';
import type { Logger } from '../../logging/logger';
import type { Stores } from '../../stores/stores';
import type { OutboundChannel } from '../../dispatcher/dispatcher';
import { type AccessTokens, createAccessTokens } from './access-token';
import { createWechatApi, type WechatApi } from './api';
import { type Callback, createCallback } from './callback';
import { createContactWindow } from './contact-window';
import { menuActions } from './menu';
import { createOfficialAccountSender } from './sender';
import type { OfficialAccountSettings } from './settings';

export type OfficialAccount = {
  settings: OfficialAccountSettings;
  tokens: AccessTokens;
  api: WechatApi;
  /** GET/POST /wechat/official-account. */
  callback: Callback;
  /** The dispatcher's sender for residents who use the account. */
  sender: OutboundChannel;
};

export type OfficialAccountDeps = {
  settings: OfficialAccountSettings;
  stores: Pick<Stores, 'sessions' | 'rates' | 'coordinator'>;
  db: Db;
  district: District;
  handle: (msg: InboundMessage) => Promise<string[] | null>;
  logger: Logger;
  clock: () => Date;
  dedupTtlMs: number;
  replyWithinMs?: number;
};

/** The Official Account channel, assembled: one per process, shared by its HTTP route and its dispatcher. */
export function createOfficialAccount(d: OfficialAccountDeps): OfficialAccount {
  const { settings } = d;
  const tokens = createAccessTokens({ ...d.stores, apiBase: settings.apiBase, appId: settings.appId, appSecret: settings.appSecret });
  const api = createWechatApi({ apiBase: settings.apiBase, tokens });
  const window = createContactWindow({ ...d.stores, db: d.db, dedupTtlMs: d.dedupTtlMs });
  const oa = d.district.data.officialAccount;
  const callback = createCallback({
    token: settings.token,
    safeMode: settings.aesKey ? { token: settings.token, aesKey: settings.aesKey, appId: settings.appId } : null,
    handle: d.handle,
    api,
    window,
    menu: menuActions(oa.menu),
    logger: d.logger,
    clock: d.clock,
    replyWithinMs: d.replyWithinMs,
  });
  const sender = createOfficialAccountSender({
    api,
    window,
    rates: d.stores.rates,
    db: d.db,
    notice: settings.notice,
    fields: oa.noticeFields,
    timeZone: d.district.timeZone,
    clock: d.clock,
  });
  return { settings, tokens, api, callback, sender };
}
