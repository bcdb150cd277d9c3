import type { FileCaseDeps } from '../cases/file-case';
import type { CaseService } from '../cases/case-service';
import { type RecordVisitDeps, recordVisit } from './record-visit';
import type { SessionStore } from '../stores/stores';
import type { Logger } from '../logging/logger';
import { VISIT_KINDS, visitTexts } from '../messages/zh-CN';
import { LEDGER_NAMES } from '../domain/ledger';
import { type VisitContext, type VisitSession, visitSessionSchema, visitTurn } from './visit-dialogue';
import { emergencyOf } from '../dialogue/understand';

export type VisitDeskDeps = Omit<FileCaseDeps, 'areaIds'> & {
  areaIds?: ReadonlyMap<string, number>;
  /** A visit's problems are filed through the case service, as every other report is. */
  cases: Pick<CaseService, 'fileCase'>;
  sessions: SessionStore;
  logger: Logger;
  clock: () => Date;
  idleMs: number;
};

const key = (cadreId: number) => `visit:${cadreId}`;

/**
 * The cadre's side of 五访五问 in WeChat: the visit record's session in the session store (one read per
 * cadre message, a write or delete when it changes), the pure exchange in visit-dialogue.ts, and the record.
 */
export function createVisitDesk(deps: VisitDeskDeps) {
  let areaIds = deps.areaIds;
  const fileDeps = async (): Promise<RecordVisitDeps> => {
    areaIds ??= new Map((await deps.db.area.findMany({ select: { code: true, id: true } })).map((a) => [a.code, a.id]));
    return { ...deps, areaIds };
  };

  const load = async (cadreId: number): Promise<VisitSession | null> => {
    const raw = await deps.sessions.get(key(cadreId));
    if (!raw) return null;
    try {
      const parsed = visitSessionSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };

  const save = async (cadreId: number, session: VisitSession | null) => {
    if (session) await deps.sessions.put(key(cadreId), JSON.stringify(session), deps.idleMs * 2);
    else await deps.sessions.delete(key(cadreId));
  };

  /**
   * A bound cadre's message, seen by the visit record first. Null: nothing to do with a visit
   * (the desk goes on); otherwise the replies, and whether the desk should still handle the text.
   */
  async function turn(cadre: { id: number; homeAreaCode: string | null }, text: string, isCaseCommand: boolean): Promise<{ replies: string[]; passOn: boolean } | null> {
    const at = deps.clock();
    const ctx: VisitContext = { now: at.getTime(), idleMs: deps.idleMs, areas: deps.district.grassroots, detectEmergency: (text) => emergencyOf(deps.district, text, false) };
    const session = await load(cadre.id);
    const result = visitTurn(session, text, ctx, isCaseCommand, () => cadre.homeAreaCode);
    if (!session && result.passOn) return null;
    if (result.record && result.session) {
      const visit = result.record;
      try {
        const recorded = await recordVisit(await fileDeps(), {
          cadreId: cadre.id,
          ...visit,
          confirmMessageId: `visit:${cadre.id}:${result.session.startedAt}`,
          at,
        });
        await save(cadre.id, null);
        deps.logger.info('visit recorded', { cadreId: cadre.id, visitId: recorded.visitId, cases: recorded.cases.map((c) => c.caseNumber) });
        return {
          replies: [
            visitTexts.saved({
              kindName: VISIT_KINDS.find((k) => k.code === visit.kind)?.name ?? '',
              visitee: visit.visitee,
              opinions: visit.opinions.length,
              problems: visit.problems.length,
              cases: recorded.cases.map((c) => ({ caseNumber: c.caseNumber, ledgerName: LEDGER_NAMES[c.ledger], assigneeName: c.assigneeName })),
            }),
          ],
          passOn: false,
        };
      } catch (err) {
        deps.logger.error('visit not recorded', { cadreId: cadre.id, err });
        await save(cadre.id, { ...result.session, lastActiveAt: ctx.now });
        return { replies: [visitTexts.saveFailed], passOn: false };
      }
    }
    if (result.session !== session) await save(cadre.id, result.session);
    return { replies: result.replies, passOn: result.passOn };
  }

  return { turn };
}

export type VisitDesk = ReturnType<typeof createVisitDesk>;
