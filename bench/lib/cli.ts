/** `--name value` / `--name=value` / `--flag`; lists are comma-separated. */
export type BenchArgs = {
  residents: number;
  warmup: number;
  inFlight: number[];
  wechatyResidents: number;
  only: Set<string>;
  scales: number[];
  dispatchMessages: number;
  httpRequests: number;
  reseed: boolean;
  save: boolean;
  /** Scheduler jobs to run (by name); empty: all. */
  jobs: string[];
  /** intake-vs-peer: interleaved rounds of each side. */
  rounds: number;
  /** intake-long: turns of the long run. */
  turns: number;
  /** web-chat-processes: the HTTP_PROCESSES settings to measure. */
  processes: number[];
};

const SECTIONS = ['redis', 'intake', 'wechaty', 'scheduler', 'dispatcher', 'http', 'classify', 'cadre-parse'];
/** Run only when named in --only: they start other processes and take minutes. */
const EXTRA_SECTIONS = ['intake-vs-peer', 'intake-long', 'intake-profile', 'web-chat-processes'];

export const USAGE = `npm run bench -- [options]
  --residents N          measured residents per intake setting (default 2000)
  --warmup N             unmeasured residents before each setting (default 200)
  --in-flight 50,200     residents in flight per batch (default 50,200)
  --wechaty-residents N  residents for the Wechaty-mock setting (default: --residents)
  --only a,b             sections: ${SECTIONS.join(', ')} (default: these);
                         on request only: ${EXTRA_SECTIONS.join(', ')}
  --rounds N             intake-vs-peer: interleaved rounds of each side (default 3)
  --turns N              intake-long: turns of the memory run (default 100000)
  --processes 1,2        web-chat-processes: HTTP_PROCESSES settings (default 1,2)
  --scales 10000,1000000 case counts for the scheduler and HTTP databases (HTTP uses the largest)
  --dispatch-messages N  outbox rows per dispatcher setting (default 20000)
  --http-requests N      requests per HTTP endpoint (default 200; the assessment a quarter of that)
  --jobs a,b             scheduler: only these jobs (names as in src/schedules/jobs.ts; default all)
  --reseed               rebuild the seeded databases even if their shape is right
  --no-save              do not write bench/results/<timestamp>.json`;

export function parseArgs(argv: string[]): BenchArgs {
  const raw = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${USAGE}`);
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (v !== undefined) raw.set(k, v);
    else if (argv[i + 1] && !argv[i + 1]!.startsWith('--')) raw.set(k, argv[++i]!);
    else raw.set(k, 'true');
  }
  const known = new Set(['residents', 'warmup', 'in-flight', 'wechaty-residents', 'only', 'scales', 'dispatch-messages', 'http-requests', 'jobs', 'reseed', 'no-save', 'help', 'rounds', 'turns', 'processes']);
  for (const k of raw.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}\n${USAGE}`);
  if (raw.has('help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (k: string, d: number) => {
    const v = raw.get(k);
    if (v === undefined) return d;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} must be a whole number`);
    return n;
  };
  const nums = (k: string, d: number[]) => (raw.has(k) ? raw.get(k)!.split(',').map((s) => Number(s.replace(/_/g, ''))) : d);
  const residents = num('residents', 2000);
  const only = new Set(raw.has('only') ? raw.get('only')!.split(',') : SECTIONS);
  for (const s of only) if (!SECTIONS.includes(s) && !EXTRA_SECTIONS.includes(s)) throw new Error(`unknown section ${s}\n${USAGE}`);
  return {
    residents,
    warmup: num('warmup', 200),
    inFlight: nums('in-flight', [50, 200]),
    wechatyResidents: num('wechaty-residents', residents),
    only,
    scales: nums('scales', [10_000, 1_000_000]),
    dispatchMessages: num('dispatch-messages', 20_000),
    httpRequests: num('http-requests', 200),
    reseed: raw.has('reseed'),
    jobs: raw.has('jobs') ? raw.get('jobs')!.split(',') : [],
    save: !raw.has('no-save'),
    rounds: Math.max(1, num('rounds', 3)),
    turns: num('turns', 100_000),
    processes: nums('processes', [1, 2]),
  };
}
