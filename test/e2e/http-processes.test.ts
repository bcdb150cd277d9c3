import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { eventually } from '../support/eventually';
import { freePort, ROOT } from '../support/embedded-process';
import { scratchDb } from '../support/scratch-db';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

/**
 * HTTP_PROCESSES=2 (issue 15, item 2) as `npm start` runs it: a primary with the jobs role and two
 * node:cluster workers serving HTTP on one port, against the real PostgreSQL and Redis (several
 * processes share nothing else; the embedded pair serves one process, so this file needs servers).
 */
const servers = !process.env.LIANXIN_TEST_EMBEDDED_DB && !(process.env.REDIS_URL ?? 'memory://').startsWith('memory://');

type LogLine = { message?: string; pid?: number; httpPids?: number[]; httpProcess?: number; chatRequests?: number; requests?: number };

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** One web chat turn on a connection of its own: the primary hands each new connection to the next worker. */
function say(port: number, cookie: string, text: string): Promise<{ status: number; cookie: string; replies: string[] }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ text });
    const req = request(
      { host: '127.0.0.1', port, path: '/chat/messages', method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close', 'content-length': Buffer.byteLength(body), ...(cookie ? { cookie } : {}) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
          const replies = res.statusCode === 200 ? (JSON.parse(data) as { replies: string[] }).replies : [data];
          resolve({ status: res.statusCode ?? 0, cookie: set, replies });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A GET on a connection of its own. */
function get(port: number, urlPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { connection: 'close' } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve(data));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm start with HTTP_PROCESSES', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-http-processes-'));
  const baseEnv = { PATH: process.env.PATH, HOME: dir, NODE_ENV: 'production', LOG_FORMAT: 'json', ATTACHMENTS_DIR: path.join(dir, 'attachments'), WECHATY_LOG: 'silent' };
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses more than one HTTP process in embedded mode, with a configuration error', async () => {
    const refused = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...baseEnv, HTTP_PROCESSES: '2', EMBEDDED_DATA_DIR: path.join(dir, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    refused.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => refused.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/HTTP_PROCESSES: more than one HTTP process needs DATABASE_URL/);
  });

  (servers ? it : it.skip)(
    'serves the web chat from two workers; a conversation that hops between them keeps its session and files one case; a dead worker is replaced; SIGTERM ends every process',
    async () => {
      const db = await scratchDb('http_processes');
      const prefix = `lxtest:cluster:${randomBytes(3).toString('hex')}:`;
      const port = await freePort();
      const lines: LogLine[] = [];
      let out = '';
      try {
        child = spawn(process.execPath, ['dist/main.js'], {
          cwd: ROOT,
          env: { ...baseEnv, DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: prefix, ROLES: 'jobs,http', HTTP_PROCESSES: '2', HTTP_PORT: String(port), QUIET_HOURS: 'off', ME_TOO_DAYS: '0' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let partial = '';
        const collect = (c: Buffer) => {
          out += c.toString();
          partial += c.toString();
          const whole = partial.split('\n');
          partial = whole.pop()!;
          for (const l of whole) if (l.startsWith('{')) lines.push(JSON.parse(l) as LogLine);
        };
        child.stdout!.on('data', collect);
        child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
        const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
        const primary = child.pid!;

        const started = await eventually(async () => lines.find((l) => l.message === 'lianxin started'), (l) => l !== undefined || child!.exitCode !== null, 180_000);
        if (!started) throw new Error(`the service did not start:\n${out.slice(-3000)}`);
        const first = started.httpPids!;
        expect(first).toHaveLength(2);
        expect(first).not.toContain(primary);

        // A worker killed outright is replaced by a new one on the same port.
        process.kill(first[0]!, 'SIGKILL');
        const replacement = await eventually(
          async () => lines.find((l) => l.message === 'http process started' && l.pid !== undefined && !first.includes(l.pid)),
          (l) => l !== undefined,
          120_000,
        );
        expect(lines.some((l) => l.message === 'an HTTP process exited; starting another')).toBe(true);

        // One resident, each turn on a new connection: the turns alternate between the two workers.
        let cookie = '';
        let last: string[] = [];
        const script = ['阴沟堵塞，污水外流', '同意', '是', '向阳社区花园路1栋', '56户', '是', '跳过', '确认'];
        for (const text of script) {
          const res = await say(port, cookie, text);
          expect(res.status).toBe(200);
          cookie ||= res.cookie;
          last = res.replies;
        }
        const caseNumber = CASE_NUMBER_IN_TEXT.exec(last.join('\n'))?.[0];
        if (!caseNumber) throw new Error(`no case number in the last reply: ${last.join('\n')}\n--- service output:\n${out.slice(-3000)}`);

        const pg = new Client({ connectionString: db.url });
        await pg.connect();
        try {
          const rows = await pg.query<{ n: string }>(`SELECT count(c.id) AS n FROM "Resident" r LEFT JOIN "Case" c ON c."residentId" = r.id WHERE r.channel = 'web' GROUP BY r.id`);
          expect(rows.rows.map((r) => Number(r.n))).toEqual([1]);
        } finally {
          await pg.end();
        }

        // /metrics is the whole cluster's whichever worker answers: the case was filed by one of them.
        for (const _ of [1, 2]) {
          const text = await get(port, '/metrics');
          expect(text).toMatch(/^lianxin_cases_filed_total\{channel="web"\} 1$/m);
          expect(text).toMatch(new RegExp(`^lianxin_messages_in_total\\{channel="web"\\} ${script.length}$`, 'm'));
        }

        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        // Each worker's stop line says how many web chat requests it served: both took turns.
        const stops = lines.filter((l) => l.message === 'http process stopping');
        expect(stops.map((l) => l.pid).sort()).toEqual([first[1]!, replacement!.pid!].sort());
        for (const s of stops) expect(s.chatRequests).toBeGreaterThan(0);
        expect(stops.reduce((n, s) => n + (s.chatRequests ?? 0), 0)).toBe(script.length);
        expect(stops.reduce((n, s) => n + (s.requests ?? 0), 0)).toBe(script.length + 2);
        await eventually(async () => [primary, ...first, replacement!.pid!].filter(alive), (left) => left.length === 0, 30_000);
      } finally {
        if (child && child.exitCode === null) child.kill('SIGKILL');
        const redis = new Redis(process.env.REDIS_URL!);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
        await db.drop();
      }
    },
    360_000,
  );
});
