/** API tokens: issued to cadres and Open311 clients, and who a token's caller is. Used by HTTP and the CLI alike. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { areasAtAndBelow } from '../cases/cadre-viewer';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new API token, shown once; only its hash is kept. */
export async function issueApiToken(
  db: Db,
  opts: { kind: 'CADRE' | 'OPEN311'; cadreId?: number | null; label: string },
): Promise<string> {
  const token = `lx_${randomBytes(24).toString('base64url')}`;
  await db.apiToken.create({ data: { tokenHash: hashToken(token), kind: opts.kind, cadreId: opts.cadreId ?? null, label: opts.label } });
  return token;
}

/** Who is calling: a supervisor sees the district, a cadre their area and below, a client only files. */
export type Caller =
  | { kind: 'CADRE'; tokenId: number; cadreId: number; supervisor: boolean; areaIds: number[] }
  | { kind: 'OPEN311'; tokenId: number };

export async function callerForToken(db: Db, token: string): Promise<Caller | null> {
  return callerWhere(db, { tokenHash: hashToken(token) });
}

/**
 * An Open311 client key, and only that: a cadre's admin token is never an Open311 api_key (it
 * would file in a cadre's name and read as staff), as an Open311 key is never an admin token.
 */
export async function open311ClientForKey(db: Db, key: string): Promise<{ tokenId: number } | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(key) }, select: { id: true, kind: true, revokedAt: true } });
  return row && row.kind === 'OPEN311' && !row.revokedAt ? { tokenId: row.id } : null;
}

/** The dashboard's session names the token it signed in with: revoking the token ends the session. */
export async function callerForTokenId(db: Db, id: number): Promise<Caller | null> {
  return callerWhere(db, { id });
}

async function callerWhere(db: Db, where: { tokenHash: string } | { id: number }): Promise<Caller | null> {
  const row = await db.apiToken.findUnique({
    where,
    include: { cadre: { select: { id: true, role: true, active: true, areaId: true } } },
  });
  if (!row || row.revokedAt) return null;
  if (row.kind === 'OPEN311') return { kind: 'OPEN311', tokenId: row.id };
  if (!row.cadre || !row.cadre.active) return null;
  const areaIds = await areasAtAndBelow(db, row.cadre.areaId);
  return { kind: 'CADRE', tokenId: row.id, cadreId: row.cadre.id, supervisor: row.cadre.role === 'SUPERVISOR', areaIds };
}
