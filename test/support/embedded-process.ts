import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';
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

export type RunningService = {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
  /** Kills it if it still runs and removes what it left in the checkout (Wechaty's memory card). */
  cleanUp: () => void;
};

/** `npm start` as a newcomer runs it: the compiled service, spawned; resolves once it says it started (or exits). */
export async function spawnService(env: NodeJS.ProcessEnv, port: number): Promise<RunningService> {
  const name = `lx-test-${process.pid}-${port}`;
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...env, HTTP_PORT: String(port), WECHATY_NAME: name }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(async () => out, (o) => /lianxin started/.test(o) || child.exitCode !== null, 90_000);
  const cleanUp = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(path.join(ROOT, `${name}.memory-card.json`), { force: true });
  };
  return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited, cleanUp };
}

/** Ctrl-C: resolves with the exit code. */
export function stopService(service: RunningService): Promise<number | null> {
  service.child.kill('SIGINT');
  return service.exited;
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
  const caseNumber = CASE_NUMBER_IN_TEXT.exec(last)?.[0];
  if (!caseNumber) throw new Error(`no case number in the last reply: ${last}`);
  return caseNumber;
}

/**
 * Signs in to the dashboard as a browser does: the sign-in form (its anti-forgery cookie and
 * form token), then the token. `cookie` carries both cookies for the signed-in pages.
 */
export async function signInOverHttp(base: string, token: string): Promise<{ status: number; cookie: string }> {
  const form = await fetch(`${base}/signin`);
  const csrfCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const formToken = /name="_form" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signIn = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _form: formToken, token }),
  });
  return { status: signIn.status, cookie: `${csrfCookie}; ${(signIn.headers.get('set-cookie') ?? '').split(';')[0]!}` };
}
