import winston from 'winston';
import { maskName, maskPhones } from '../domain/masking';

export type Logger = winston.Logger;

/** Keys whose values are personal names or secrets. */
const NAME_KEYS = new Set(['name', 'senderName', 'displayName', 'residentName', 'cadreName']);
const SECRET_KEYS = /token|password|secret|authorization|apikey|api_key/i;

function redactValue(key: string, value: unknown, depth: number): unknown {
  if (SECRET_KEYS.test(key)) return '[redacted]';
  if (typeof value === 'string') return NAME_KEYS.has(key) ? maskName(value) : maskPhones(value);
  if (value instanceof Error) return { name: value.name, message: maskPhones(value.message), stack: value.stack };
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(key, v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v, depth + 1)]));
}

/** Masks phone numbers, names and secrets. Mutates `info` in place: winston's symbol keys must survive. */
const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    (info as Record<string, unknown>)[key] = redactValue(key, info[key], 0);
  }
  return info;
});

export function createLogger(opts: {
  level?: string;
  format?: 'json' | 'pretty';
  /** Tests pass a stream to read what was logged. */
  stream?: NodeJS.WritableStream;
  silent?: boolean;
}): Logger {
  const format =
    opts.format === 'json'
      ? winston.format.combine(redact(), winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          redact(),
          winston.format.timestamp({ format: 'HH:mm:ss' }),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
            return `${String(timestamp)} ${level} ${String(message)}${rest}`;
          }),
        );
  const transport = opts.stream
    ? new winston.transports.Stream({ stream: opts.stream })
    : new winston.transports.Console();
  return winston.createLogger({ level: opts.level ?? 'info', format, transports: [transport], silent: opts.silent });
}
