import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error';
import { DEFAULT_DISTRICT_FILE } from './district';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
  /** What this process does: bot (WeChat login + outbox dispatcher), jobs, http. One WeChat account, one bot process. */
  ROLES: z
    .string()
    .default('bot,jobs,http')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['bot', 'jobs', 'http'])).min(1, { error: 'name at least one of bot, jobs, http' })),
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
  return {
    ...e,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty'),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
  };
}

/** Reads `.env` from the working directory if there is one (Node's own loader, no dependency). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
