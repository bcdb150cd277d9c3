import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { eventually } from './eventually';

export const ROOT = path.resolve(__dirname, '../..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** A bare machine's environment: no DATABASE_URL, no REDIS_URL (the embedded mode). */
export function bareEnv(home: string, dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, NODE_ENV: 'production', EMBEDDED_DATA_DIR: dataDir, ATTACHMENTS_DIR: path.join(home, 'attachments'), ...extra };
}

export type RunningService = { child: ChildProcess; base: string; output: () => string; exited: Promise<number | null> };

/** `npm start` as a newcomer runs it: the compiled service, spawned; resolves once it says it started (or exits). */
export async function spawnService(env: NodeJS.ProcessEnv, port: number): Promise<RunningService> {
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...env, HTTP_PORT: String(port), WECHATY_NAME: `lx-test-${process.pid}-${port}` }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(async () => out, (o) => /lianxin started/.test(o) || child.exitCode !== null, 90_000);
  return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/** `npx lianxin …` in a process of its own. */
export function runLianxin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/lianxin.js', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** Sends the web-chat conversation that files a drainage case; returns its number. */
export async function fileByWebChat(base: string): Promise<string> {
  let cookie = '';
  let last = '';
  for (const text of ['阴沟堵塞，污水外流', '同意', '是', '向阳社区花园路1栋', '56户', '是', '跳过', '确认']) {
    const res = await fetch(`${base}/chat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ text }) });
    if (res.status !== 200) throw new Error(`web chat answered ${res.status}`);
    cookie ||= (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    last = ((await res.json()) as { replies: string[] }).replies.join('\n');
  }
  const caseNumber = /GJ-\d{8}-\d{4}/.exec(last)?.[0];
  if (!caseNumber) throw new Error(`no case number in the last reply: ${last}`);
  return caseNumber;
}
