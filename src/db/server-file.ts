import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { processAlive } from './data-folder-lock';

/**
 * `server.json` in the embedded data folder: written by the running service once its database
 * socket listens and its migrations are applied, removed when it stops. The CLI reads it to reach
 * the service's database as a plain PostgreSQL client instead of opening the folder itself.
 */
export type ServerFile = { pid: number; port: number; startId: string; startedAt: string };

export const serverFilePath = (dataDir: string) => path.join(dataDir, 'server.json');

export function writeServerFile(dataDir: string, port: number): ServerFile {
  const entry: ServerFile = { pid: process.pid, port, startId: randomBytes(8).toString('hex'), startedAt: new Date().toISOString() };
  // Written whole or not at all: a reader never sees half a file.
  const tmp = `${serverFilePath(dataDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(entry));
  renameSync(tmp, serverFilePath(dataDir));
  return entry;
}

/** Removes the file if it is still ours (a later start may have replaced it). */
export function removeServerFile(dataDir: string, entry: ServerFile): void {
  if (readServerFile(dataDir)?.startId === entry.startId) rmSync(serverFilePath(dataDir), { force: true });
}

export function readServerFile(dataDir: string): ServerFile | null {
  try {
    const entry = JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')) as ServerFile;
    return Number.isInteger(entry.pid) && Number.isInteger(entry.port) ? entry : null;
  } catch {
    return null;
  }
}

function answers(port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The running service named by server.json, if its process lives and its port answers. */
export async function findRunningService(dataDir: string): Promise<ServerFile | null> {
  const entry = readServerFile(dataDir);
  if (!entry || entry.pid === process.pid || !processAlive(entry.pid)) return null;
  return (await answers(entry.port)) ? entry : null;
}

export const serviceDatabaseUrl = (entry: ServerFile) => `postgresql://postgres@127.0.0.1:${entry.port}/postgres?sslmode=disable`;
