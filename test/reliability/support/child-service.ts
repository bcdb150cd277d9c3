import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { eventually } from '../../support/eventually';
import { privacyTexts } from '../../../src/messages/zh-CN';

/** A free loopback port (there is a small window before the child takes it; fine for tests). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The real service (src/main.ts, roles jobs and http: no WeChat login) in a child process,
 * reached over HTTP as the web chat reaches it. Everything it logs is kept for scanning.
 */
export class ChildService {
  readonly output: string[] = [];
  private exit: Promise<number | null>;
  exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exited = true;
        resolve(code);
      }),
    );
  }

  static async start(env: Record<string, string>, port?: number): Promise<ChildService> {
    const p = port ?? (await freePort());
    const child = fork(path.join(__dirname, 'child-entry.js'), [], {
      env: {
        ...process.env,
        ROLES: 'jobs,http',
        HTTP_PORT: String(p),
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        QUIET_HOURS: 'off',
        HTTP_RATE_LIMIT_PER_MINUTE: '100000',
        CHAT_COOKIE_SECRET: 'reliability-suite-chat-cookie-secret-0123456789',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const service = new ChildService(child, p);
    const healthy = async () => {
      if (service.exited) throw new Error(`child exited while starting:\n${service.output.join('\n')}`);
      return fetch(`${service.url}/healthz`).then((r) => r.ok, () => false); // false: not listening yet
    };
    await eventually(healthy, (ok) => ok, 60_000).catch((err: Error) => {
      throw new Error(`child did not start (${err.message}):\n${service.output.join('\n')}`);
    });
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill9(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exit;
  }

  async stop(): Promise<number | null> {
    if (!this.exited) this.child.kill('SIGTERM');
    return this.exit;
  }
}

/** The privacy notice, or its re-prompt (a resident whose 同意 was lost to a crash writes again and gets the latter). */
export const ASKS_CONSENT = { test: (reply: string) => reply.includes(privacyTexts.notice) || reply.includes(privacyTexts.askAgain) };
/** 我也遇到: asked whether a report is an open case's; these residents' reports are each their own. */
export const ASKS_SAME_CASE = /是同一件事/;

/** A resident in the web chat: keeps the cookie the service sets, names each message (retries reuse the id). */
export class WebResident {
  cookie = '';
  /** What was said and answered, for a failing test's message. */
  readonly transcript: string[] = [];
  private seq = 0;
  constructor(
    readonly base: () => string,
    readonly tag: string,
  ) {}

  nextId(): string {
    this.seq += 1;
    return `${this.tag}-${this.seq}`.replace(/[^A-Za-z0-9-]/g, '-');
  }

  /** Sends one message; resolves with the replies, or the HTTP status when not 200. */
  async say(text: string, id = this.nextId()): Promise<{ status: number; replies: string[] }> {
    this.transcript.push(`> ${text} (${id})`);
    const res = await fetch(`${this.base()}/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ text, id }),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    if (res.status !== 200) return { status: res.status, replies: [] };
    const replies = ((await res.json()) as { replies: string[] }).replies;
    this.transcript.push(...replies.map((r) => `< ${r}`));
    // A privacy notice is agreed to (the message it held is then answered); "the same case?" is no.
    if (replies.some((r) => ASKS_CONSENT.test(r))) return this.say('同意');
    if (replies.some((r) => ASKS_SAME_CASE.test(r))) return this.say('不是');
    return { status: 200, replies };
  }

  /** The id the service knows this resident by (the signed cookie's first part). */
  get key(): string {
    return decodeURIComponent(this.cookie.replace(/^lx_chat=/, '')).split('.')[0]!;
  }
}
