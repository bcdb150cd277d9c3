import { execFileSync } from 'node:child_process';

export type RedisBaseline =
  | { available: true; command: string; setPerSecond: number; getPerSecond: number; setP50Ms: number | null; getP50Ms: number | null; raw: string }
  | { available: false; command: string; reason: string };

const COMMAND = 'redis-benchmark -h 127.0.0.1 -p 6379 -t set,get -P 1 -q';

/**
 * The floor a turn that reads and writes Redis cannot beat: redis-benchmark's SET and GET rates
 * (50 clients, no pipelining), run in the same bench run on the same machine.
 */
export function redisBaseline(): RedisBaseline {
  let raw: string;
  try {
    raw = execFileSync('redis-benchmark', ['-h', '127.0.0.1', '-p', '6379', '-t', 'set,get', '-P', '1', '-q'], { encoding: 'utf8', timeout: 120_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { available: false, command: COMMAND, reason: e.code === 'ENOENT' ? 'redis-benchmark is not installed' : e.message };
  }
  // -q prints "SET: 98039.22 requests per second, p50=0.255 msec" (older versions: no p50), with \r progress lines.
  const lines = raw.split(/[\r\n]+/).filter((l) => /requests per second/.test(l));
  const parse = (name: string) => {
    const line = lines.find((l) => l.trim().startsWith(`${name}:`));
    const rps = line ? Number(/([\d.]+) requests per second/.exec(line)?.[1]) : NaN;
    const p50 = line ? /p50=([\d.]+)/.exec(line)?.[1] : undefined;
    return { rps, p50: p50 === undefined ? null : Number(p50) };
  };
  const set = parse('SET');
  const get = parse('GET');
  if (!Number.isFinite(set.rps) || !Number.isFinite(get.rps)) return { available: false, command: COMMAND, reason: `could not parse: ${raw.slice(0, 300)}` };
  return { available: true, command: COMMAND, setPerSecond: set.rps, getPerSecond: get.rps, setP50Ms: set.p50, getP50Ms: get.p50, raw: lines.map((l) => l.trim()).join(' | ') };
}
