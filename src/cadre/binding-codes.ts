import { createHash, randomInt } from 'node:crypto';
import type { Db } from '../db/client';

/** No 0/O, 1/I/L: codes are read off a screen or paper and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8; // 31^8 ≈ 8.5e11 codes; guesses are also rate-limited per sender.

export const hashCode = (code: string): string => createHash('sha256').update(code.toUpperCase()).digest('hex');

export function newBindingCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** A fresh one-time code for a cadre. Only its hash is stored; earlier unused codes stay valid until they expire. */
export async function issueBindingCode(db: Db, opts: { cadreId: number; at: Date; ttlHours: number }): Promise<{ code: string; expiresAt: Date }> {
  const code = newBindingCode();
  const expiresAt = new Date(opts.at.getTime() + opts.ttlHours * 3_600_000);
  await db.cadreBindingCode.create({ data: { cadreId: opts.cadreId, codeHash: hashCode(code), expiresAt, createdAt: opts.at } });
  return { code, expiresAt };
}

export type Redemption =
  | { ok: true; cadre: { id: number; name: string; areaName: string } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'alreadyBound'; cadreName: string };

/**
 * `绑定 <code>` from a WeChat: consumes the code (single use, unexpired) and ties that WeChat
 * identity to the cadre. Messages held for the cadre while unbound are released.
 */
export async function redeemBindingCode(
  db: Db,
  opts: { code: string; wechatKey: string; contactRef: string | null; at: Date },
): Promise<Redemption> {
  return db.$transaction(async (tx) => {
    const holder = await tx.cadre.findUnique({ where: { wechatKey: opts.wechatKey }, select: { name: true } });
    if (holder) return { ok: false, reason: 'alreadyBound', cadreName: holder.name };
    const used = await tx.cadreBindingCode.updateMany({
      where: { codeHash: hashCode(opts.code), usedAt: null, expiresAt: { gt: opts.at } },
      data: { usedAt: opts.at },
    });
    if (used.count !== 1) return { ok: false, reason: 'invalid' };
    const { cadreId } = await tx.cadreBindingCode.findUniqueOrThrow({ where: { codeHash: hashCode(opts.code) }, select: { cadreId: true } });
    const cadre = await tx.cadre.update({
      where: { id: cadreId },
      data: { wechatKey: opts.wechatKey, contactRef: opts.contactRef, boundAt: opts.at },
      select: { id: true, name: true, area: { select: { name: true } } },
    });
    await tx.outboxMessage.updateMany({
      where: { recipientKind: 'CADRE', recipientId: cadreId, status: 'PENDING' },
      data: { nextAttemptAt: opts.at },
    });
    return { ok: true, cadre: { id: cadre.id, name: cadre.name, areaName: cadre.area.name } };
  });
}
