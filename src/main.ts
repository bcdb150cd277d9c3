import QRCode from 'qrcode';
import { WechatyBuilder, types } from 'wechaty';
import { ConfigError } from './config/config-error';
import { loadConfig, loadDotEnv } from './config/env';
import { createLogger, type Logger } from './logging/logger';
import { createWechatyChannel } from './channels/wechaty/plugin';
import { createWechatySender } from './channels/wechaty/send';
import { startService } from './service';

/** Composition root: config → logger → database, Redis, router → Wechaty. */
export async function main(): Promise<void> {
  loadDotEnv();
  let config;
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
  const service = await startService(config, logger);

  const channel = createWechatyChannel({ handle: service.inbound.handle, logger, attachmentsDir: config.ATTACHMENTS_DIR });
  const bot = WechatyBuilder.build({ name: config.WECHATY_NAME, puppet: config.WECHATY_PUPPET as never });
  bot.use(channel.plugin);
  wireBotLogs(bot, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await bot.stop();
      await channel.drain();
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

  // Roles: exactly one process per WeChat account is the bot (and sends the outbox through it).
  if (config.ROLES.includes('bot')) {
    await bot.start();
    service.startDispatcher(createWechatySender(bot));
  }
  if (config.ROLES.includes('jobs')) service.startSchedules();
  logger.info('lianxin started', { roles: config.ROLES, puppet: config.ROLES.includes('bot') ? config.WECHATY_PUPPET : undefined });
}

function wireBotLogs(bot: ReturnType<typeof WechatyBuilder.build>, logger: Logger): void {
  bot.on('scan', (qrcode, status) => {
    if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
      QRCode.toString(qrcode, { type: 'terminal', small: true })
        .then((art) => process.stdout.write(`\nScan with WeChat to log in:\n${art}\n`))
        .catch(() => undefined);
    }
    logger.info('waiting for WeChat login', { status: types.ScanStatus[status] });
  });
  bot.on('login', (user) => {
    logger.info('WeChat logged in', { botName: user.name() });
  });
  bot.on('logout', (user) => {
    logger.warn('WeChat logged out', { botName: user.name() });
  });
  bot.on('error', (err) => {
    logger.error('wechaty error', { err });
  });
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`lianxin failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
