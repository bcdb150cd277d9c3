import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';

/**
 * The embedded database's folder has one owner at a time: PGlite keeps its pages in memory and
 * two processes writing one folder corrupt it. The lock is proper-lockfile's (a directory whose
 * mtime the owner refreshes every second): a process that dies, even by SIGKILL, stops refreshing
 * it and the lock goes stale, so it never stays stuck for ever.
 */
const STALE_MS = 30_000;
const REFRESH_MS = 1_000;
/** Lowest staleness proper-lockfile accepts; used once we know the owner is dead. */
const DEAD_OWNER_STALE_MS = 2_000;

export type FolderOwner = { pid: number; host: string; startedAt: string };
export type FolderLock = { release(): Promise<void> };

const lockPath = (folder: string) => `${folder}.lock`;
const ownerPath = (folder: string) => `${folder}.owner.json`;

/** True while the process runs (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readFolderOwner(folder: string): FolderOwner | null {
  try {
    const owner = JSON.parse(readFileSync(ownerPath(folder), 'utf8')) as FolderOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

/**
 * One try at the lock. Null when someone else holds it. A holder known dead (its pid gone, on
 * this host) is treated as stale after 2 s instead of 30: a killed service does not hold up the
 * next start for long, and a live owner refreshes every second so it is never taken by mistake.
 */
export async function tryLockFolder(folder: string): Promise<FolderLock | null> {
  const owner = readFolderOwner(folder);
  const ownerDead = owner !== null && owner.host === hostname() && owner.pid !== process.pid && !processAlive(owner.pid);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(folder, {
      lockfilePath: lockPath(folder),
      realpath: false,
      stale: ownerDead ? DEAD_OWNER_STALE_MS : STALE_MS,
      update: REFRESH_MS,
      retries: 0,
      onCompromised: (err) => {
        // Someone removed or took our lock: carrying on could corrupt the data, so stop here.
        process.stderr.write(`lianxin: lost the lock on ${folder} (${err.message}); stopping to protect the data\n`);
        process.exit(1);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') return null;
    throw err;
  }
  // Written at once, before any slow work, so others can tell a live owner from a dead one.
  writeFileSync(ownerPath(folder), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() } satisfies FolderOwner));
  return { release: () => release().catch(() => undefined) };
}
