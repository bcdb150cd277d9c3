import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../logging/logger';

/** Where Wechaty's MemoryCard keeps the login for a bot named `name` (as memory-card resolves it). */
export function memoryCardPath(name: string, cwd = process.cwd()): string {
  const file = path.isAbsolute(name) ? name : path.resolve(cwd, name);
  return /\.memory-card\.json$/.test(file) ? file : `${file}.memory-card.json`;
}

/**
 * Readies the login file before Wechaty reads it. A stop during a save (or a fresh checkout with
 * an empty file) leaves an empty or cut-off file, which MemoryCard reports at every start as an
 * "Unexpected end of JSON input" error although nothing is wrong but a lost login. An empty file
 * holds nothing and is removed; one that is not JSON is kept aside (for whoever wants to look) with
 * one plain warning. Either way the bot starts as if logged out and shows a QR code.
 */
export function prepareMemoryCardFile(name: string, logger: Logger, cwd = process.cwd()): 'missing' | 'ok' | 'emptied' | 'set-aside' {
  const file = memoryCardPath(name, cwd);
  if (!existsSync(file)) return 'missing';
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') {
    rmSync(file, { force: true });
    logger.info('WeChat login file was empty; removed it (scan the QR code to log in)', { file });
    return 'emptied';
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return 'ok';
  } catch {
    // not JSON: set aside below
  }
  const aside = `${file}.broken-${Date.now()}`;
  renameSync(file, aside);
  logger.warn('WeChat login file was damaged; kept it aside, scan the QR code to log in again', { file, keptAs: aside });
  return 'set-aside';
}
