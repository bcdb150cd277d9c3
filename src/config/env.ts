import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './config-error';
import { DEFAULT_DISTRICT_FILE } from './district';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** proxy-addr's names for address ranges, accepted as Fastify's trustProxy accepts them. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
/** An address, an address/prefix (CIDR) or a named range. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Every variable the service reads, with its default. `.env.example` documents the same list.
 * No credentials have defaults: the default database URL uses the local trust-auth server.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Unset: an embedded PostgreSQL (PGlite) under EMBEDDED_DATA_DIR, for one instance. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgresql:// URL' })
    .optional(),
  EMBEDDED_DATA_DIR: z.string().min(1).default('data/embedded'),
  /** How long a process waits for another to let go of the embedded folder (a command finishing, a dead owner's lock going stale). */
  EMBEDDED_LOCK_WAIT_SECONDS: int(0, 600).default(40),
  DB_POOL_SIZE: int(1, 100).default(10),
  /** Unset: an in-process store with the same commands, for one instance. */
  /** Or `memory://<name>`: the in-process store, shared by name within one process (the tests' embedded mode). */
  REDIS_URL: z.string().regex(/^(rediss?:\/\/|memory:\/\/[\w-]*$)/, { error: 'must be a redis:// URL' }).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,80}$/).default('lx:'),
  DISTRICT_FILE: z.string().min(1).default(DEFAULT_DISTRICT_FILE),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  /** 我也遇到: a new report is offered as the same problem as an open case filed within this many days (0: off). */
  ME_TOO_DAYS: int(0, 365).default(30),
  /** A cadre's visit record (走访) left this many minutes is dropped. */
  VISIT_IDLE_MINUTES: int(1, 24 * 60).default(60),
  RATE_LIMIT_MESSAGES: int(1, 10_000).default(20),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 3600).default(60),
  DEDUP_TTL_HOURS: int(1, 24 * 30).default(48),
  ATTACHMENTS_DIR: z.string().min(1).default('data/attachments'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: int(0, 65535).default(3000),
  /** Signs the web chat's identity cookie; unset, one is made at first start and kept in the database. */
  CHAT_COOKIE_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  HTTP_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(300),
  /**
   * The reverse proxies in front of the HTTP side, whose X-Forwarded-For and X-Forwarded-Proto are
   * believed: "off" (default, nobody's) or a comma list of addresses and CIDRs (e.g. 127.0.0.1,10.0.0.0/8).
   */
  TRUST_PROXY: z
    .string()
    .default('off')
    .transform((v) => (v.trim() === 'off' ? [] : v.split(',').map((e) => e.trim()).filter(Boolean)))
    .refine((list) => list.every(isProxyEntry), { error: 'must be off, or a comma list of IP addresses and CIDRs (e.g. 127.0.0.1,10.0.0.0/8)' }),
  /** Open311 reads without an api_key: off (a key is required); on, anyone reads the public categories' cases, redacted. */
  OPEN311_PUBLIC_READS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The same client posting the same service, text and place within this many minutes gets the first request back (0: off). */
  OPEN311_DUPLICATE_WINDOW_MINUTES: int(0, 24 * 60).default(10),
  /** What this process does: bot (WeChat login + outbox dispatcher), jobs, http. One WeChat account, one bot process. */
  ROLES: z
    .string()
    .default('bot,jobs,http')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['bot', 'jobs', 'http'])).min(1, { error: 'name at least one of bot, jobs, http' })),
  /**
   * How many processes serve HTTP on the one HTTP_PORT (node:cluster: a primary forks this many
   * workers, which share the port). 1: this process serves it itself. Above 1 needs PostgreSQL and
   * Redis (the residents' sessions hop between processes); bot and jobs stay in the primary.
   */
  HTTP_PROCESSES: int(1, 64).default(1),
  SHOW_CADRE_PHONE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  BINDING_CODE_TTL_HOURS: int(1, 24 * 30).default(72),
  DISPATCH_MAX_ATTEMPTS: int(1, 50).default(6),
  DISPATCH_RETRY_BASE_SECONDS: int(1, 3600).default(30),
  DISPATCH_PER_RECIPIENT_PER_MINUTE: int(1, 600).default(10),
  DISPATCH_PER_MINUTE: int(1, 6000).default(100),
  /** Messages that are not urgent wait out these hours (district time), or "off". */
  QUIET_HOURS: z.string().regex(/^(off|\d{1,2}:\d{2}-\d{1,2}:\d{2})$/, { error: 'must look like 21:00-08:00, or off' }).default('21:00-08:00'),
  PROGRESS_UPDATE_DAYS: z.coerce.number().positive().max(60).default(3),
  REMIND_AT_PERCENT: int(1, 99).default(75),
  FOLLOW_UP_DELAY_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  FOLLOW_UP_REMIND_DAYS: z.coerce.number().positive().max(60).default(3),
  FOLLOW_UP_CLOSE_DAYS: z.coerce.number().positive().max(60).default(3),
  /** Closed cases' personal data (phone, names in texts) is anonymised this many days after closing. */
  RETENTION_DAYS: int(1, 36_500).default(365),
  /** Where the web side is reached from outside: bond cards' QR codes link to <this>/chat?card=<code>. */
  PUBLIC_BASE_URL: z.string().regex(/^https?:\/\/[^\s]+$/, { error: 'must be an http(s):// URL' }).default('http://localhost:3000'),
  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-wechat4u'),
  WECHATY_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default('lianxin'),
  // —— WeChat Official Account (服务号/公众号): on when APP_ID, APP_SECRET and TOKEN are all set ——
  WECHAT_MP_APP_ID: z.string().regex(/^wx[0-9a-f]{16}$/, { error: 'must look like wx followed by 16 hex digits' }).optional(),
  WECHAT_MP_APP_SECRET: z.string().regex(/^[0-9a-zA-Z]{16,64}$/, { error: 'must be the AppSecret (letters and digits)' }).optional(),
  /** The Token typed into the account's server configuration (3–32 letters and digits). */
  WECHAT_MP_TOKEN: z.string().regex(/^[0-9a-zA-Z]{3,32}$/, { error: 'must be 3-32 letters and digits' }).optional(),
  /** EncodingAESKey: set, messages are taken and answered in the encrypted "safe mode". */
  WECHAT_MP_AES_KEY: z.string().regex(/^[0-9a-zA-Z]{43}$/, { error: 'must be the 43-character EncodingAESKey' }).optional(),
  /** WeChat's API host; tests point it at a local stand-in. */
  WECHAT_API_BASE: z.string().regex(/^https?:\/\/[^\s?#]+$/, { error: 'must be an http(s):// URL' }).default('https://api.weixin.qq.com'),
  /** Notices beyond the 48-hour reply window: a subscription message (订阅通知) or template message (模板消息) of this id. */
  WECHAT_MP_NOTICE_TEMPLATE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional(),
  WECHAT_MP_NOTICE_KIND: z.enum(['subscribe', 'template']).default('subscribe'),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Env & { logFormat: 'json' | 'pretty'; sessionIdleMs: number };

/** Validates the environment; a bad value names every wrong variable in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mp = [e.WECHAT_MP_APP_ID, e.WECHAT_MP_APP_SECRET, e.WECHAT_MP_TOKEN].filter(Boolean).length;
  if (mp !== 0 && mp !== 3) {
    throw new ConfigError('invalid configuration:\n  WECHAT_MP_APP_ID, WECHAT_MP_APP_SECRET, WECHAT_MP_TOKEN: set all three for the Official Account, or none');
  }
  checkHttpProcesses(e);
  return {
    ...e,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty'),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
  };
}

/**
 * Several HTTP processes share nothing but PostgreSQL and Redis: the embedded database and the
 * in-process store belong to one process, and a resident's next message may reach another one.
 */
function checkHttpProcesses(e: Env): void {
  if (e.HTTP_PROCESSES === 1) return;
  const wrong: string[] = [];
  if (!e.ROLES.includes('http')) wrong.push(`HTTP_PROCESSES: ${e.HTTP_PROCESSES} HTTP processes need the http role in ROLES`);
  if (!e.DATABASE_URL) wrong.push('HTTP_PROCESSES: more than one HTTP process needs DATABASE_URL (PostgreSQL); the embedded database serves one process (set HTTP_PROCESSES=1)');
  if (!e.REDIS_URL || e.REDIS_URL.startsWith('memory://')) wrong.push("HTTP_PROCESSES: more than one HTTP process needs REDIS_URL (Redis) for residents' sessions; the in-process store serves one process (set HTTP_PROCESSES=1)");
  if (wrong.length) throw new ConfigError(`invalid configuration:\n  ${wrong.join('\n  ')}`);
}

/** Reads `.env` from the working directory if there is one (Node's own loader, no dependency). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
