import type { Db } from '../db/client';
import { issueApiToken } from '../access/api-tokens';

/**
 * The first start of an embedded demo has no way in to the dashboard: no one has made a token
 * yet. Like a notebook server, it makes one for the district's supervisor and prints it once to
 * the terminal (not the log). Later starts, or a district with tokens, print nothing.
 */
export async function offerFirstSignIn(db: Db, opts: { url: string; write: (text: string) => void }): Promise<boolean> {
  const existing = await db.apiToken.count({ where: { kind: 'CADRE', revokedAt: null, cadre: { role: 'SUPERVISOR', active: true } } });
  if (existing > 0) return false;
  const supervisor = await db.cadre.findFirst({ where: { role: 'SUPERVISOR', active: true }, orderBy: { id: 'asc' }, select: { id: true, code: true, name: true } });
  if (!supervisor) return false;
  const token = await issueApiToken(db, { kind: 'CADRE', cadreId: supervisor.id, label: 'first start (embedded)' });
  opts.write(
    `\nDashboard: ${opts.url}  (web chat: ${opts.url}chat)\n` +
      `Sign in as ${supervisor.name} (${supervisor.code}) with this token, shown once:\n  ${token}\n` +
      `More tokens: npx lianxin token create --cadre <code>\n\n`,
  );
  return true;
}
