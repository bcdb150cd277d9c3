import type { Db } from '../db/client';
import type { ClaimedMessage } from './claim';

/** Where a message goes, as the channel needs it. */
export type Recipient = { kind: 'RESIDENT' | 'CADRE'; id: number; channel: string; key: string; contactRef: string | null };

export const recipientKey = (kind: string, id: number): string => `${kind}:${id}`;

/**
 * One query per kind for a whole batch. A cadre without a WeChat binding maps to null
 * (not reachable yet); a missing row is simply absent.
 */
export async function resolveRecipients(db: Db, rows: ClaimedMessage[]): Promise<Map<string, Recipient | null>> {
  const ids = (kind: 'RESIDENT' | 'CADRE') => [...new Set(rows.filter((r) => r.recipientKind === kind).map((r) => r.recipientId))];
  const residentIds = ids('RESIDENT');
  const cadreIds = ids('CADRE');
  const [residents, cadres] = await Promise.all([
    residentIds.length === 0
      ? []
      : db.resident.findMany({ where: { id: { in: residentIds } }, select: { id: true, channel: true, channelKey: true, contactRef: true } }),
    cadreIds.length === 0
      ? []
      : db.cadre.findMany({ where: { id: { in: cadreIds } }, select: { id: true, wechatKey: true, contactRef: true } }),
  ]);
  const found = new Map<string, Recipient | null>();
  for (const r of residents) {
    found.set(recipientKey('RESIDENT', r.id), { kind: 'RESIDENT', id: r.id, channel: r.channel, key: r.channelKey, contactRef: r.contactRef });
  }
  for (const c of cadres) {
    found.set(
      recipientKey('CADRE', c.id),
      c.wechatKey ? { kind: 'CADRE', id: c.id, channel: 'wechat', key: c.wechatKey, contactRef: c.contactRef } : null,
    );
  }
  return found;
}
