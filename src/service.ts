import type { Config } from './config/env';
import { loadDistrictData } from './config/district';
import { createDb, type Db } from './db/client';
import { seedDistrict } from './db/seed';
import { openDatabase } from './db/open-database';
import { examplesDirFor } from './understanding';
import { type District } from './domain/district';
import { compileDistrict } from './config/compile-district';
import { type CaseService, type CaseServiceDeps, createCaseService } from './cases/case-service';
import { createInboundHandler, type InboundHandler } from './inbound/handle-inbound';
import { createInboundStore } from './inbound/inbound-store';
import { startPendingRetrier } from './inbound/pending-retrier';
import type { Logger } from './logging/logger';
import { openStores } from './stores/open-stores';
import type { Stores } from './stores/stores';
import { createCadreDesk } from './cadre/cadre-desk';
import { createResidentService } from './privacy/resident-service';
import { createDispatcher, type OutboundChannel } from './dispatcher/dispatcher';
import { parseQuietHours } from './domain/quiet-hours';
import { type JobRunnerDeps, newInstanceId, storeRunCoordinator } from './schedules/run-job';
import { type Schedules, startSchedules } from './schedules/schedules';
import { createOfficialAccount, type OfficialAccount } from './channels/official-account/official-account';
import { officialAccountSettings } from './channels/official-account/settings';
import { LANES, type DispatchLane } from './dispatcher/lanes';
import { type LaneOffer, startElectedDispatchers } from './dispatcher/elected';
import { routeByChannel, webInbox } from './dispatcher/route-by-channel';

export type Service = {
  db: Db;
  /** Sessions, rate counters and the job coordinator: Redis, or in process in embedded mode. */
  stores: Stores;
  district: District;
  cases: CaseService;
  inbound: InboundHandler;
  /** Starts sending the outbox through a channel (the process holding the WeChat login). */
  startDispatcher(channel: OutboundChannel, lane?: DispatchLane): ReturnType<typeof createDispatcher>;
  /**
   * Offers this process's dispatch lanes for election (one dispatcher per lane across processes):
   * the wechat lane with the bot role (`wechat()` is the bot's sender once logged in), the web,
   * Official Account and other lanes with the bot or jobs role.
   */
  startDispatchLanes(roles: { bot: boolean; jobs: boolean }, wechat?: () => OutboundChannel | undefined): ReturnType<typeof startElectedDispatchers>;
  /** The WeChat Official Account channel, when WECHAT_MP_APP_ID, _APP_SECRET and _TOKEN are set. */
  officialAccount: OfficialAccount | null;
  bindingCodeTtlHours: number;
  /** OPEN311_PUBLIC_READS, and OPEN311_DUPLICATE_WINDOW_MINUTES in ms (0: off). */
  open311: { publicReads: boolean; duplicateWindowMs: number };
  /** What the scheduled jobs run with; tests call runJobSlot with it for simulated times. */
  jobRunner: JobRunnerDeps;
  /** Starts node-cron (the jobs role). */
  startSchedules(): Schedules;
  /** Finishes messages in flight, then closes Redis and the database. */
  close(): Promise<void>;
};

export type ServiceOptions = { clock?: () => Date; /** How often pending filings are retried (default 5 s). */ pendingRetryMs?: number };

/**
 * Everything but the channels: database (created, migrated, seeded), Redis, the district's
 * compiled data, the case service and the inbound router. main.ts adds Wechaty on top; tests
 * and the bench use it as it is.
 */
export async function startService(config: Config, logger: Logger, opts: ServiceOptions = {}): Promise<Service> {
  const clock = opts.clock ?? (() => new Date());
  const district = compileDistrict(loadDistrictData(config.DISTRICT_FILE), { extraExamplesDir: examplesDirFor(config.DISTRICT_FILE) });

  const database = await openDatabase(config, (name) => logger.info('migration applied', { migration: name }), 'service');
  if (database.created) logger.info('database created');
  logger.info('database ready', { embedded: database.embedded, applied: database.applied, alreadyApplied: database.alreadyApplied });
  if (database.embedded || !config.REDIS_URL) {
    logger.warn('running in single-instance embedded mode', {
      database: database.embedded ? `embedded PostgreSQL in ${config.EMBEDDED_DATA_DIR}` : 'DATABASE_URL',
      store: config.REDIS_URL ? 'REDIS_URL' : 'in-process (no REDIS_URL)',
      note: 'fine for one process; set DATABASE_URL and REDIS_URL to run more',
    });
  }

  const db = createDb(database.url, { poolSize: database.embedded ? Math.min(config.DB_POOL_SIZE, 5) : config.DB_POOL_SIZE });
  const seeded = await seedDistrict(db, district.data);
  logger.info('district data loaded', { district: district.data.district.name, ...seeded });
  const areaIds = new Map((await db.area.findMany({ select: { code: true, id: true } })).map((a) => [a.code, a.id]));

  const stores = openStores(config.REDIS_URL, config.REDIS_KEY_PREFIX, (err) => logger.warn('redis error', { err }));

  const DAY = 24 * 3_600_000;
  const timing = { progressUpdateMs: config.PROGRESS_UPDATE_DAYS * DAY, followUpDelayMs: config.FOLLOW_UP_DELAY_HOURS * 3_600_000 };
  const caseDeps = { db, district, areaIds, showCadrePhone: config.SHOW_CADRE_PHONE, timing };
  const schedule: CaseServiceDeps['schedule'] = {
    logger,
    timing,
    remindFraction: config.REMIND_AT_PERCENT / 100,
    followUpRemindMs: config.FOLLOW_UP_REMIND_DAYS * DAY,
    followUpCloseMs: config.FOLLOW_UP_CLOSE_DAYS * DAY,
    retentionMs: config.RETENTION_DAYS * DAY,
  };
  const quietHours = parseQuietHours(config.QUIET_HOURS, district.timeZone);
  const instance = newInstanceId();
  // The one case service: the router, the cadre desk, HTTP and the jobs all take cases through it.
  const cases = createCaseService({ ...caseDeps, schedule, meTooDays: config.ME_TOO_DAYS });
  const jobRunner: JobRunnerDeps = { db, logger, coordinator: storeRunCoordinator(stores.coordinator, instance), instance, work: { cases, digests: caseDeps } };
  const store = createInboundStore(stores, {
    dedupTtlMs: config.DEDUP_TTL_HOURS * 3_600_000,
    rateLimit: config.RATE_LIMIT_MESSAGES,
    rateWindowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    // The session outlives the idle expiry so the resident can be told their report timed out.
    sessionTtlMs: Math.max(config.sessionIdleMs * 4, 7 * 24 * 3_600_000),
  });
  const cadres = createCadreDesk({ ...caseDeps, cases, sessions: stores.sessions, rates: stores.rates, logger, clock, visitIdleMs: config.VISIT_IDLE_MINUTES * 60_000 });
  // From here on `npx lianxin …` reaches this database through its socket (embedded mode).
  database.announce();
  const inbound = createInboundHandler({ store, cases, residents: createResidentService(db), cadres, district, logger, clock, idleTimeoutMs: config.sessionIdleMs, showCadrePhone: config.SHOW_CADRE_PHONE });
  // Every process that takes messages also finishes filings the database could not take at the time.
  const retrier = startPendingRetrier(inbound, logger, { intervalMs: opts.pendingRetryMs });
  const mpSettings = officialAccountSettings(config);
  const officialAccount = mpSettings
    ? createOfficialAccount({ settings: mpSettings, stores, db, district, handle: inbound.handle, logger, clock, dedupTtlMs: config.DEDUP_TTL_HOURS * 3_600_000 })
    : null;
  const dispatchers: ReturnType<typeof createDispatcher>[] = [];
  const elections: ReturnType<typeof startElectedDispatchers>[] = [];
  const schedules: Schedules[] = [];

  const startDispatcher = (channel: OutboundChannel, lane?: DispatchLane) => {
    const dispatcher = createDispatcher({
      db,
      rates: stores.rates,
      channel,
      logger,
      clock,
      maxAttempts: config.DISPATCH_MAX_ATTEMPTS,
      baseRetryMs: config.DISPATCH_RETRY_BASE_SECONDS * 1000,
      perRecipientPerMinute: config.DISPATCH_PER_RECIPIENT_PER_MINUTE,
      globalPerMinute: config.DISPATCH_PER_MINUTE,
      quietHours,
      lane,
    });
    dispatcher.start();
    dispatchers.push(dispatcher);
    return dispatcher;
  };

  return {
    db,
    stores,
    district,
    cases,
    inbound,
    officialAccount,
    startDispatchLanes(roles, wechat) {
      const start = (channel: OutboundChannel, lane: DispatchLane) => () => startDispatcher(channel, lane);
      const offers: LaneOffer[] = [];
      if (roles.bot) {
        const viaBot: OutboundChannel = { send: (to, text, meta) => routeByChannel({ wechat: wechat?.() }).send(to, text, meta) };
        offers.push({ lane: LANES.wechat, start: start(viaBot, LANES.wechat) });
      }
      if (roles.bot || roles.jobs) {
        offers.push({ lane: LANES.web, start: start(webInbox, LANES.web) });
        if (officialAccount) offers.push({ lane: LANES.officialAccount, start: start(officialAccount.sender, LANES.officialAccount) });
        offers.push({ lane: LANES.other, start: start(routeByChannel({}), LANES.other) });
      }
      const election = startElectedDispatchers({ coordinator: stores.coordinator, instance, offers, logger });
      elections.push(election);
      return election;
    },
    startDispatcher,
    jobRunner,
    bindingCodeTtlHours: config.BINDING_CODE_TTL_HOURS,
    open311: { publicReads: config.OPEN311_PUBLIC_READS, duplicateWindowMs: config.OPEN311_DUPLICATE_WINDOW_MINUTES * 60_000 },
    startSchedules() {
      const started = startSchedules({ ...jobRunner, timeZone: district.timeZone, clock });
      schedules.push(started);
      return started;
    },
    async close() {
      await Promise.all(schedules.map((s) => s.stop()));
      await Promise.all(elections.map((e) => e.stop()));
      await Promise.all(dispatchers.map((d) => d.stop()));
      await retrier.stop();
      await inbound.drain();
      await stores.close();
      await db.$disconnect();
      await database.stop();
    },
  };
}
