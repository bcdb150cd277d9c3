import { Client } from 'pg';
import Redis from 'ioredis';
import Pipeline from 'ioredis/built/Pipeline';

/**
 * Counts, inside this process, what the service asks of PostgreSQL and Redis: every pg
 * statement (by the start of its text, so BEGIN/COMMIT and each INSERT are told apart) and
 * every Redis command, separating round trips (a lone command, or one pipeline/MULTI) from
 * commands. Prisma's adapter and the hot paths share one pg Pool, so both are seen.
 *
 * Patches prototypes: for a counting run only, never for a timed one.
 */
export type IoCounts = {
  pgStatements: number;
  pgByKind: Record<string, number>;
  /** Milliseconds from sending a statement to its result (server time, locks and queueing in the server included). */
  pgMsByKind: Record<string, number>;
  redisRoundTrips: number;
  redisCommands: number;
  redisByCommand: Record<string, number>;
};

export function installIoCounter(): { snapshot(): IoCounts; reset(): void } {
  let counts = fresh();
  const pgQuery = Client.prototype.query as (...args: unknown[]) => unknown;
  (Client.prototype as unknown as { query: unknown }).query = function (this: Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
    if (typeof text === 'string') {
      counts.pgStatements++;
      const kind = statementKind(text);
      counts.pgByKind[kind] = (counts.pgByKind[kind] ?? 0) + 1;
      const began = performance.now();
      const c = counts;
      const last = args.length - 1;
      const done = args[last];
      // pg.Pool.query passes a callback; a client used directly (a transaction) returns a promise.
      if (typeof done === 'function') {
        args[last] = (...r: unknown[]) => {
          c.pgMsByKind[kind] = (c.pgMsByKind[kind] ?? 0) + performance.now() - began;
          return (done as (...x: unknown[]) => unknown)(...r);
        };
      }
      const result = pgQuery.apply(this, args);
      if (result instanceof Promise) {
        void result.then(
          () => (c.pgMsByKind[kind] = (c.pgMsByKind[kind] ?? 0) + performance.now() - began),
          () => undefined,
        );
      }
      return result;
    }
    return pgQuery.apply(this, args);
  };
  const send = Redis.prototype.sendCommand as (...args: unknown[]) => unknown;
  (Redis.prototype as unknown as { sendCommand: unknown }).sendCommand = function (this: Redis, ...args: unknown[]) {
    const command = args[0] as { name?: string };
    counts.redisCommands++;
    const name = String(command?.name ?? '?').toUpperCase();
    counts.redisByCommand[name] = (counts.redisByCommand[name] ?? 0) + 1;
    // A command written on its own is a round trip; one given a stream belongs to a pipeline.
    if (args[1] === undefined) counts.redisRoundTrips++;
    return send.apply(this, args);
  };
  const exec = Pipeline.prototype.exec as (...args: unknown[]) => unknown;
  (Pipeline.prototype as unknown as { exec: unknown }).exec = function (this: Pipeline, ...args: unknown[]) {
    counts.redisRoundTrips++;
    return exec.apply(this, args);
  };
  return {
    snapshot: () => JSON.parse(JSON.stringify(counts)) as IoCounts,
    reset: () => {
      counts = fresh();
    },
  };
}

function fresh(): IoCounts {
  return { pgStatements: 0, pgByKind: {}, pgMsByKind: {}, redisRoundTrips: 0, redisCommands: 0, redisByCommand: {} };
}

/** `INSERT "Case"`, `SELECT "Cadre"`, `BEGIN`…: the verb and the first table named. */
function statementKind(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  const verb = /^(\w+)/.exec(t)?.[1]?.toUpperCase() ?? '?';
  const table = /(?:INTO|FROM|UPDATE)\s+("?[\w.]+"?)/i.exec(t)?.[1] ?? '';
  return table ? `${verb} ${table}` : verb;
}

/** The difference b - a, per resident. */
export function perResident(a: IoCounts, b: IoCounts, residents: number): IoCounts {
  const d = (x: number, y: number) => Math.round(((y - x) / residents) * 100) / 100;
  const map = (x: Record<string, number>, y: Record<string, number>) =>
    Object.fromEntries(Object.keys(y).map((k) => [k, d(x[k] ?? 0, y[k]!)]).filter(([, v]) => v !== 0));
  return {
    pgStatements: d(a.pgStatements, b.pgStatements),
    pgByKind: map(a.pgByKind, b.pgByKind),
    pgMsByKind: map(a.pgMsByKind, b.pgMsByKind),
    redisRoundTrips: d(a.redisRoundTrips, b.redisRoundTrips),
    redisCommands: d(a.redisCommands, b.redisCommands),
    redisByCommand: map(a.redisByCommand, b.redisByCommand),
  };
}
