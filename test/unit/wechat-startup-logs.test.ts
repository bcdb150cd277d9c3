import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { MemoryCard } from 'memory-card';
import { createLogger } from '../../src/logging/logger';
import { WECHAT_UNREACHABLE, wechatConnectionLog } from '../../src/channels/wechaty/connection-log';
import { memoryCardPath, prepareMemoryCardFile } from '../../src/channels/wechaty/memory-card-file';

/** A logger whose JSON lines the test reads: level and message. */
function capture() {
  const stream = new PassThrough();
  const lines: { level: string; message: string }[] = [];
  stream.on('data', (c: Buffer) => c.toString().split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))));
  return { logger: createLogger({ format: 'json', level: 'debug', stream }), lines };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('WeChat connection in the log', () => {
  it('says once, plainly, that WeChat cannot be reached, then stays at info level until the state changes', async () => {
    const { logger, lines } = capture();
    let t = 0;
    const log = wechatConnectionLog(logger, { now: () => t });
    for (let i = 0; i < 500; i++) {
      log.error(new Error('getaddrinfo ENOTFOUND login.wx.qq.com'));
      t += 1000; // a retry a second for over eight minutes
    }
    await settle();
    const loud = lines.filter((l) => l.level === 'warn' || l.level === 'error');
    expect(loud).toEqual([expect.objectContaining({ level: 'warn', message: WECHAT_UNREACHABLE })]);
    expect(WECHAT_UNREACHABLE).toBe('WeChat unreachable; the web chat and dashboard keep working');
    const quiet = lines.filter((l) => l.level === 'info');
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet.length).toBeLessThanOrEqual(9); // at most one a minute
    // WeChat answers (a QR code to scan), then is lost again: one more warning.
    log.reached();
    log.error(new Error('socket hang up'));
    log.error(new Error('socket hang up'));
    await settle();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    // Logged in, an error is a real one.
    log.loggedIn();
    log.error(new Error('message send failed'));
    await settle();
    expect(lines.at(-1)).toEqual(expect.objectContaining({ level: 'error', message: 'wechaty error' }));
  });
});

describe('the WeChat login file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-memory-card-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What MemoryCard prints to the console while it loads the file. */
  async function loadAndListen(name: string): Promise<string> {
    const said: string[] = [];
    const spies = (['error', 'warn', 'log', 'info'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...a: unknown[]) => void said.push(a.join(' '))));
    try {
      const card = new MemoryCard({ name: path.join(dir, name) });
      await card.load();
      await card.destroy().catch(() => undefined);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    return said.join('\n');
  }

  it('is made ready before Wechaty reads it: no "Unexpected end of JSON input" for an empty, missing or cut-off file', async () => {
    const { logger, lines } = capture();
    // What Wechaty would print without it (the error this prevents).
    writeFileSync(memoryCardPath('bare', dir), '');
    expect(await loadAndListen('bare')).toMatch(/Unexpected end of JSON input/);

    writeFileSync(memoryCardPath('empty', dir), '  \n');
    expect(prepareMemoryCardFile('empty', logger, dir)).toBe('emptied');
    expect(existsSync(memoryCardPath('empty', dir))).toBe(false);
    expect(await loadAndListen('empty')).not.toMatch(/JSON|ERR/);

    expect(prepareMemoryCardFile('missing', logger, dir)).toBe('missing');
    expect(await loadAndListen('missing')).not.toMatch(/JSON|ERR/);

    writeFileSync(memoryCardPath('cut', dir), '{"puppet":{"cook');
    expect(prepareMemoryCardFile('cut', logger, dir)).toBe('set-aside');
    expect(readdirSync(dir).some((f) => f.startsWith('cut.memory-card.json.broken-'))).toBe(true);
    expect(await loadAndListen('cut')).not.toMatch(/JSON|ERR/);

    writeFileSync(memoryCardPath('good', dir), '{"puppet":{}}');
    expect(prepareMemoryCardFile('good', logger, dir)).toBe('ok');
    expect(existsSync(memoryCardPath('good', dir))).toBe(true);
    await settle();
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
