import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { dbUrl, recreateDatabase, REDIS_URL, REPO_ROOT } from './lib/env';
import { deleteRedisPrefix } from './lib/redis-keys';
import { round, summarise, type LatencySummary } from './lib/stats';
import { drive, Problems, type Speaker } from './intake';

/** One setting: the service with HTTP_PROCESSES=processes, residents talking to /chat/messages. */
export type WebChatRun = {
  processes: number;
  residents: number;
  inFlight: number;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  latencyMs: LatencySummary;
  check: { ok: boolean; missingReplies: number; wrongReplies: number; residentsWithoutExactlyOneCase: number; cases: number; firstProblems: string[] };
};

export type WebChatProcessesResult = {
  residents: number;
  warmup: number;
  inFlight: number;
  cores: number;
  loadAvgAtStart: number[];
  runs: WebChatRun[];
  /** turns/s at the most processes over turns/s at one. */
  ratio: number | null;
};

const DB = 'lianxin_bench_web_chat';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** The compiled service as `npm start` runs it, HTTP role only; resolves once it says it started. */
async function startServiceProcess(processes: number, port: number, prefix: string, attachments: string): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  // bench/dist/src/main.js; run from bench/dist, where no .env adds settings of its own.
  const child = spawn(process.execPath, [path.join(__dirname, '../src/main.js')], {
    cwd: path.join(__dirname, '..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      DATABASE_URL: dbUrl(DB),
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      ROLES: 'http',
      HTTP_PROCESSES: String(processes),
      HTTP_PORT: String(port),
      // Every resident comes from 127.0.0.1: the per-client limit is set out of the way (the per-resident one stays).
      HTTP_RATE_LIMIT_PER_MINUTE: '100000',
      QUIET_HOURS: 'off',
      DISTRICT_FILE: path.join(REPO_ROOT, 'data/districts/gongjing.json'),
      CHAT_COOKIE_SECRET: 'bench-web-chat-cookie-secret-0123456789abcdef',
      ATTACHMENTS_DIR: attachments,
      WECHATY_LOG: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let started = false;
  // Logs are read (so the pipe never fills) and kept only until the start line.
  child.stdout!.on('data', (c: Buffer) => {
    if (!started) out = (out + c.toString()).slice(-20_000);
  });
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-5_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 300_000;
  while (!/"message":"lianxin started"/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start (HTTP_PROCESSES=${processes}):\n${out.slice(-3000)}\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  started = true;
  out = '';
  return { child, exited };
}

/** A resident's turn: POST /chat/messages with their cookie (a new resident gets one in the first answer). */
function webChatSpeaker(port: number, agent: Agent, cookies: Map<number, string>): Speaker {
  return (resident, _turn, text) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ text });
      const cookie = cookies.get(resident);
      const req = request(
        { host: '127.0.0.1', port, path: '/chat/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(cookie ? { cookie } : {}) } },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => {
            const set = res.headers['set-cookie']?.find((c) => c.startsWith('lx_chat='));
            if (set && !cookie) cookies.set(resident, set.split(';')[0]!);
            resolve(res.statusCode === 200 ? (JSON.parse(data) as { replies: string[] }).replies : []);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

async function checkWebCases(expectedResidents: number, problems: Problems, warm: Problems, measured: number): Promise<WebChatRun['check']> {
  const c = new Client({ connectionString: dbUrl(DB) });
  await c.connect();
  try {
    const per = await c.query<{ n: string }>(`SELECT count(ca.id) AS n FROM "Resident" r LEFT JOIN "Case" ca ON ca."residentId" = r.id WHERE r.channel = 'web' GROUP BY r.id`);
    const cases = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM "Case"')).rows[0]!.n);
    const withOne = per.rows.filter((r) => Number(r.n) === 1).length;
    const wrong = problems.wrong + warm.missing + warm.wrong;
    const withoutOne = expectedResidents - withOne;
    return {
      ok: problems.missing === 0 && wrong === 0 && withoutOne === 0 && cases === expectedResidents && problems.caseNumbers.size === measured,
      missingReplies: problems.missing,
      wrongReplies: wrong,
      residentsWithoutExactlyOneCase: withoutOne,
      cases,
      firstProblems: [...warm.first, ...problems.first].slice(0, 5),
    };
  } finally {
    await c.end();
  }
}

async function runOne(processes: number, opts: { residents: number; warmup: number; inFlight: number }): Promise<WebChatRun> {
  const prefix = `lxbench:${Date.now().toString(36)}${randomBytes(2).toString('hex')}:`;
  const attachments = mkdtempSync(path.join(os.tmpdir(), 'lx-bench-web-'));
  await recreateDatabase(DB);
  const port = await freePort();
  const service = await startServiceProcess(processes, port, prefix, attachments);
  // As many connections as residents in flight, kept alive as a browser keeps its own: the
  // primary hands each new connection to the next worker, so they are shared out at the start.
  const agent = new Agent({ keepAlive: true, maxSockets: opts.inFlight });
  try {
    const cookies = new Map<number, string>();
    const speak = webChatSpeaker(port, agent, cookies);
    const warm = new Problems();
    await drive({ speak, from: 0, count: opts.warmup, inFlight: opts.inFlight, problems: warm });
    const problems = new Problems();
    const latencies: number[] = [];
    const began = performance.now();
    await drive({ speak, from: opts.warmup, count: opts.residents, inFlight: opts.inFlight, problems, latencies });
    const seconds = (performance.now() - began) / 1000;
    const check = await checkWebCases(opts.warmup + opts.residents, problems, warm, opts.residents);
    return { processes, residents: opts.residents, inFlight: opts.inFlight, turns: latencies.length, seconds: round(seconds, 3), turnsPerSecond: round(latencies.length / seconds, 0), latencyMs: summarise(latencies), check };
  } finally {
    agent.destroy();
    service.child.kill('SIGTERM');
    await service.exited;
    await deleteRedisPrefix(prefix);
    rmSync(attachments, { recursive: true, force: true });
  }
}

/**
 * Issue 15, item 2: the web chat path (POST /chat/messages, as the browser page sends it) through
 * the compiled service over real sockets, at HTTP_PROCESSES=1 and =2 (the same residents and in
 * flight), each on a fresh database; every reply checked and exactly one case per resident.
 */
export async function benchWebChatProcesses(opts: { residents: number; warmup: number; inFlight: number; processes: number[]; log: (s: string) => void }): Promise<WebChatProcessesResult> {
  const loadAvgAtStart = os.loadavg().map((x) => round(x));
  const runs: WebChatRun[] = [];
  for (const n of opts.processes) {
    const run = await runOne(n, opts);
    runs.push(run);
    opts.log(`web chat, ${n} HTTP process(es): ${run.turnsPerSecond} turns/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, checks ${run.check.ok ? 'ok' : 'FAILED'}`);
  }
  const one = runs.find((r) => r.processes === 1);
  const most = runs.reduce<WebChatRun | undefined>((a, r) => (!a || r.processes > a.processes ? r : a), undefined);
  return {
    residents: opts.residents,
    warmup: opts.warmup,
    inFlight: opts.inFlight,
    cores: os.cpus().length,
    loadAvgAtStart,
    runs,
    ratio: one && most && most !== one ? round(most.turnsPerSecond / one.turnsPerSecond) : null,
  };
}
