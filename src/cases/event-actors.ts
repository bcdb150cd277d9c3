import type { Db } from '../db/client';
import { actorTexts } from '../messages/zh-CN';

/**
 * Who acted on each step of a timeline, and whom a step called on, as each reader may see them.
 * Staff (dashboard, admin API, cadres in WeChat) read the cadre's area and name; residents read
 * what the district allows (the person, or "<area>的干部"); a resident is only ever "群众", the
 * system names nobody.
 */
export type StoredEvent = {
  createdAt: Date;
  type: string;
  note: string | null;
  actorKind: 'RESIDENT' | 'CADRE' | 'SYSTEM';
  actorId: number | null;
  targetCadreId: number | null;
};

/** The columns a timeline reads (a Prisma `select`). */
export const timelineSelect = { createdAt: true, type: true, note: true, actorKind: true, actorId: true, targetCadreId: true } as const;

export type NamedCadre = { id: number; code: string; name: string; areaCode: string; areaName: string };
export type CadresById = ReadonlyMap<number, NamedCadre>;

/** The cadres a timeline names (actors and targets), in one query. */
export async function cadresOnEvents(db: Db, events: readonly StoredEvent[]): Promise<CadresById> {
  const ids = new Set<number>();
  for (const e of events) {
    if (e.actorKind === 'CADRE' && e.actorId !== null) ids.add(e.actorId);
    if (e.targetCadreId !== null) ids.add(e.targetCadreId);
  }
  if (ids.size === 0) return new Map();
  const rows = await db.cadre.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, code: true, name: true, area: { select: { code: true, name: true } } },
  });
  return new Map(rows.map((c) => [c.id, { id: c.id, code: c.code, name: c.name, areaCode: c.area.code, areaName: c.area.name }]));
}

const actingCadre = (e: StoredEvent, cadres: CadresById) => (e.actorKind === 'CADRE' && e.actorId !== null ? cadres.get(e.actorId) : undefined);

/** Staff read who acted by name; a cadre no longer on file is still "a cadre", never someone else. */
export function actorForStaff(e: StoredEvent, cadres: CadresById): string {
  if (e.actorKind === 'RESIDENT') return actorTexts.resident;
  if (e.actorKind === 'SYSTEM') return actorTexts.system;
  const cadre = actingCadre(e, cadres);
  return cadre ? actorTexts.cadre(cadre) : actorTexts.someCadre;
}

/** What a resident reads of who acted: the system's own steps (routing, reminders) name nobody. */
export function actorForResidents(e: StoredEvent, cadres: CadresById, naming: 'name' | 'generic'): string | null {
  if (e.actorKind === 'RESIDENT') return actorTexts.resident;
  if (e.actorKind === 'SYSTEM') return null;
  const cadre = actingCadre(e, cadres);
  return cadre ? actorTexts.forResidents(cadre, naming) : actorTexts.someCadre;
}

/**
 * A step's note as residents read it. Notes of assignments and transfers name the cadre the case
 * went to: they are rewritten from the recorded target, as the district allows. Which lead an
 * escalation called on is for staff only.
 */
export function noteForResidents(e: StoredEvent, cadres: CadresById, naming: 'name' | 'generic'): string | null {
  const target = e.targetCadreId !== null ? cadres.get(e.targetCadreId) : undefined;
  const targetText = target ? actorTexts.forResidents(target, naming) : null;
  switch (e.type) {
    case 'ESCALATED':
      return null;
    case 'ASSIGNED':
      return targetText ?? (naming === 'name' ? e.note : null);
    case 'TRANSFERRED': {
      // Written as "转给<whom>：<reason>" (transfer-case.ts).
      const cut = e.note?.startsWith('转给') ? e.note.indexOf('：') : -1;
      const reason = cut >= 0 ? e.note!.slice(cut + 1) : null;
      if (targetText) return `${actorTexts.transferredTo(targetText)}${reason ? `：${reason}` : ''}`;
      return naming === 'name' ? e.note : reason;
    }
    default:
      return e.note;
  }
}
