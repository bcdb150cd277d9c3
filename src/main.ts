import QRCode from 'qrcode';
import { WechatyBuilder, types, type Wechaty } from 'wechaty';
import { ConfigError } from './config/config-error';
import { type Config, loadConfig, loadDotEnv } from './config/env';
import { createLogger, type Logger } from './logging/logger';
import { createWechatyChannel } from './channels/wechaty/plugin';
import { createWechatySender } from './channels/wechaty/send';
import type { OutboundChannel } from './dispatcher/dispatcher';
import { startService } from './service';
import type { FastifyInstance } from 'fastify';
import { startHttpServer } from './http/server';
import { offerFirstSignIn } from './http/first-sign-in';
import { prepareMemoryCardFile } from './channels/wechaty/memory-card-file';
import { wechatConnectionLog } from './channels/wechaty/connection-log';
import cluster from 'node:cluster';
import { createHttpWorkers } from './cluster/http-workers';
import { clusterMetricsText, gatherMetricsForWorkers } from './cluster/cluster-metrics';
import { registry } from './observability/metrics';
import { countRequests, WECHAT_STATE, wechatStateFromPrimary, type WechatState } from './cluster/http-worker';

/** Composition root: config → logger → database, Redis, router → the roles this process takes. */
export async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`lianxin: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.logFormat });
  if (cluster.isPrimary && config.HTTP_PROCESSES > 1) return runClustered(config, logger);
  if (cluster.isWorker) {
    // Forked by runClustered with ROLES=http: this process serves HTTP and nothing else.
    const worker = { pid: process.pid };
    const workerLogger = logger.child({ httpProcess: cluster.worker!.id });
    const served = { count: () => ({ requests: 0, chatRequests: 0 }) };
    await runProcess(config, workerLogger, {
      wechatState: wechatStateFromPrimary(),
      metrics: clusterMetricsText(registry),
      onListening: (http) => (served.count = countRequests(http.server)),
      onStopping: () => {
        workerLogger.info('http process stopping', { ...worker, ...served.count() });
      },
    });
    workerLogger.info('http process started', { ...worker, roles: config.ROLES });
    return;
  }
  const { officialAccount } = await runProcess(config, logger);
  logger.info('lianxin started', { roles: config.ROLES, puppet: config.ROLES.includes('bot') ? config.WECHATY_PUPPET : undefined, officialAccount });
}

type ProcessHooks = {
  /** What /readyz says of the WeChat login when this process has no bot (an HTTP worker asks the primary). */
  wechatState?: () => WechatState;
  /** Told each change of the bot's login (the primary tells its HTTP workers). */
  onWechatState?: (state: WechatState) => void;
  /** What /metrics serves (an HTTP worker: the whole cluster's, gathered by the primary). */
  metrics?: () => Promise<string>;
  onListening?: (http: FastifyInstance) => void;
  /** Runs first when a signal stops this process; stopping the HTTP workers goes here. */
  onStopping?: () => Promise<void> | void;
};

/**
 * HTTP_PROCESSES > 1: this primary keeps bot and jobs (one process only: never duplicated) and
 * forks that many HTTP workers sharing HTTP_PORT. The primary starts its own roles first (it
 * migrates and seeds), then the workers; SIGTERM stops the workers and then itself.
 */
async function runClustered(config: Config, logger: Logger): Promise<void> {
  const workers = createHttpWorkers({ count: config.HTTP_PROCESSES, env: { ROLES: 'http' }, logger });
  gatherMetricsForWorkers(registry);
  const own = config.ROLES.filter((r) => r !== 'http');
  let officialAccount: boolean | undefined;
  if (own.length) {
    ({ officialAccount } = await runProcess({ ...config, ROLES: own }, logger, { onWechatState: (state) => workers.tell({ type: WECHAT_STATE, state }), onStopping: () => workers.stop() }));
  } else {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      workers.stop().then(() => {
        logger.info('stopped');
        process.exit(0);
      }, () => process.exit(1));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }
  try {
    await workers.start();
  } catch (err) {
    logger.error('the HTTP processes did not start', { err });
    await workers.stop();
    process.exit(1);
  }
  logger.info('lianxin started', { roles: config.ROLES, httpProcesses: config.HTTP_PROCESSES, pid: process.pid, httpPids: workers.pids(), puppet: own.includes('bot') ? config.WECHATY_PUPPET : undefined, officialAccount });
}

/** Starts the service and the roles config.ROLES names in this process; signals stop them. */
async function runProcess(config: Config, logger: Logger, hooks: ProcessHooks = {}): Promise<{ officialAccount: boolean }> {
  const service = await startService(config, logger);

  // Roles: exactly one process per WeChat account is the bot; it also sends cadres' and WeChat residents' notices.
  let bot: Wechaty | null = null;
  let drainChannel = async () => undefined as void;
  if (config.ROLES.includes('bot')) {
    const channel = createWechatyChannel({ handle: service.inbound.handle, emergencyAdvice: service.inbound.emergencyAdvice, logger, attachmentsDir: config.ATTACHMENTS_DIR });
    // An empty or cut-off login file would be reported by MemoryCard as a JSON error at every start.
    prepareMemoryCardFile(config.WECHATY_NAME, logger);
    bot = WechatyBuilder.build({ name: config.WECHATY_NAME, puppet: config.WECHATY_PUPPET as never });
    bot.use(channel.plugin);
    wireBotLogs(bot, logger, hooks.onWechatState);
    drainChannel = () => channel.drain();
  }

  let http: FastifyInstance | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await hooks.onStopping?.();
      await http?.close();
      await bot?.stop();
      await drainChannel();
      await service.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error('unclean stop', { err });
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  if (config.ROLES.includes('jobs')) service.startSchedules();
  if (config.ROLES.includes('http')) {
    const loggedIn = bot;
    http = await startHttpServer({
      service,
      logger,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      rateLimitPerMinute: config.HTTP_RATE_LIMIT_PER_MINUTE,
      chatSecret: config.CHAT_COOKIE_SECRET,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      trustProxy: config.TRUST_PROXY,
      attachmentsDir: config.ATTACHMENTS_DIR,
      wechatState: loggedIn ? () => (loggedIn.isLoggedIn ? 'logged-in' : 'logged-out') : (hooks.wechatState ?? (() => 'not-running')),
      metrics: hooks.metrics,
    });
    hooks.onListening?.(http);
    if (!config.DATABASE_URL) {
      const host = config.HTTP_HOST === '0.0.0.0' || config.HTTP_HOST === '::' ? 'localhost' : config.HTTP_HOST;
      await offerFirstSignIn(service.db, { url: `http://${host}:${config.HTTP_PORT}/`, write: (text) => process.stdout.write(text) });
    }
  }
  // Dispatchers start at once, one elected per lane across processes: the web chat's inbox and
  // the Official Account need no login, so a process with the jobs role tells web and Official
  // Account residents of every step even where no WeChat bot runs. The bot's sender joins the
  // wechat lane when (if) the puppet starts; a puppet that cannot reach WeChat never holds the rest back.
  let wechatSender: OutboundChannel | undefined;
  const roles = { bot: bot !== null, jobs: config.ROLES.includes('jobs') };
  if (roles.bot || roles.jobs) service.startDispatchLanes(roles, () => wechatSender);
  if (bot) {
    const started = bot;
    hooks.onWechatState?.('logged-out');
    started
      .start()
      .then(() => {
        wechatSender = createWechatySender(started);
      })
      .catch((err: unknown) => logger.error('WeChat bot did not start; the rest of the service runs on', { err }));
  }
  return { officialAccount: service.officialAccount !== null };
}

function wireBotLogs(bot: Wechaty, logger: Logger, onState?: (state: WechatState) => void): void {
  const connection = wechatConnectionLog(logger);
  bot.on('scan', (qrcode, status) => {
    connection.reached();
    if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
      QRCode.toString(qrcode, { type: 'terminal', small: true })
        .then((art) => process.stdout.write(`\nScan with WeChat to log in:\n${art}\n`))
        .catch(() => undefined);
    }
    logger.info('waiting for WeChat login', { status: types.ScanStatus[status] });
  });
  bot.on('login', (user) => {
    connection.loggedIn();
    onState?.('logged-in');
    logger.info('WeChat logged in', { botName: user.name() });
  });
  bot.on('logout', (user) => {
    connection.loggedOut();
    onState?.('logged-out');
    logger.warn('WeChat logged out', { botName: user.name() });
  });
  bot.on('error', (err) => connection.error(err));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`lianxin failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
