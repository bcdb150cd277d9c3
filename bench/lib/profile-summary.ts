import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type ProfileShare = { name: string; ms: number; pct: number };
export type ProfileSummary = { file: string; totalMs: number; idlePct: number; byPackage: ProfileShare[]; topFunctions: ProfileShare[] };

/**
 * Where a V8 CPU profile's samples fall, by who owns the code (self time): a package under
 * node_modules, a folder of src/, node's own modules, V8's (garbage collector), (program), or a
 * native function by name (writev, writeUtf8String: socket writes). Percentages are of all
 * samples of the main thread, idle included (the peer's README reports them the same way).
 */
export function summariseProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; it is charged to that sample (V8's convention).
    const dt = p.timeDeltas[i + 1] ?? 0;
    selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const owner = ownerOf(n.callFrame.url, n.callFrame.functionName);
    if (owner === '(idle)') idle += us;
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const shares = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 }));
  return { file, totalMs: Math.round(total / 1000), idlePct: Math.round((idle / total) * 1000) / 10, byPackage: shares(owners), topFunctions: shares(functions) };
}

function ownerOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `native ${fn || '(anonymous)'}`;
  const u = url.replace(/\\/g, '/');
  // The innermost node_modules is the owner (a dependency's own dependency counts as itself).
  const packages = [...u.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (packages.length) return packages.at(-1)![1]!;
  if (u.startsWith('node:')) return u;
  if (u.includes('/bench/dist/bench/')) return 'bench harness';
  const src = /\/dist\/src\/([^/]+)/.exec(u);
  if (src) return `src/${src[1]!.replace(/\.js$/, '')}`;
  if (u.includes('/.peer/')) return `peer ${u.split('/').at(-1)}`;
  return u;
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const s = url.indexOf('/src/');
  if (s >= 0) return url.slice(s + 1);
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}
