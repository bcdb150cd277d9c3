import { isGrassroots } from '../domain/areas';
import { formatShortDateTime } from '../domain/time';
import type { RateCounters, SessionStore } from '../stores/stores';
import type { Logger } from '../logging/logger';
import { cadreTexts } from '../messages/zh-CN';
import type { CaseDeps } from '../cases/case-change';
import type { CadreRef, CaseService } from '../cases/case-service';
import { type CadreCommand, type ParseError, parseCadreCommand } from './parse-command';
import { redeemBindingCode } from './binding-codes';
import { createVisitDesk } from '../visits/visit-desk';

/** CaseDeps: the visit desk files a visit's problems on the spot with them (visits/record-visit.ts). */
export type CadreDeskDeps = CaseDeps & {
  /** Every step on a case goes through the case service (its visibility and refusals). */
  cases: CaseService;
  sessions: SessionStore;
  rates: RateCounters;
  logger: Logger;
  clock: () => Date;
  /** Area code → id, for filing the problems found on a visit (looked up once if absent). */
  areaIds?: ReadonlyMap<string, number>;
  /** A visit record (走访) left this long is dropped. */
  visitIdleMs?: number;
};

/** Failed binding attempts allowed per sender per hour: codes must not be guessable by trying. */
const MAX_BIND_FAILURES = 5;

/**
 * What a cadre's message does: parse (pure), then the case service. Every refusal is a reply
 * that says why (worded by the case service); anything unrecognised gets the help text.
 */
export function createCadreDesk(deps: CadreDeskDeps) {
  const { db, district, cases } = deps;
  const visits = createVisitDesk({ ...deps, idleMs: deps.visitIdleMs ?? 3_600_000 });

  async function bind(code: string, who: { senderKey: string; contactRef: string | null }): Promise<{ replies: string[]; cadreId?: number }> {
    const failKey = `bindfail:${who.senderKey}`;
    const failures = await deps.rates.read(failKey);
    if (failures >= MAX_BIND_FAILURES) return { replies: [cadreTexts.bindTooManyTries] };
    const result = await redeemBindingCode(db, { code, wechatKey: who.senderKey, contactRef: who.contactRef, at: deps.clock() });
    if (result.ok) {
      deps.logger.info('cadre bound', { cadreId: result.cadre.id });
      return { replies: [cadreTexts.bound(result.cadre.name, result.cadre.areaName)], cadreId: result.cadre.id };
    }
    if (result.reason === 'alreadyBound') return { replies: [cadreTexts.bindAlreadyBound(result.cadreName)] };
    await deps.rates.add([{ key: failKey, by: 1, ttlMs: 3_600_000 }]);
    return { replies: [cadreTexts.bindCodeInvalid] };
  }

  /** A bound cadre's message. Returns null when the sender is no longer that cadre (rebound elsewhere, retired). */
  async function handle(cadreId: number, text: string, who: { senderKey: string; contactRef: string | null }): Promise<string[] | null> {
    const cadre = await db.cadre.findUnique({
      where: { id: cadreId },
      select: { id: true, role: true, active: true, wechatKey: true, contactRef: true, area: { select: { code: true, kind: true } } },
    });
    if (!cadre || !cadre.active || cadre.wechatKey !== who.senderKey) return null;
    if (who.contactRef && who.contactRef !== cadre.contactRef) {
      await db.cadre.update({ where: { id: cadre.id }, data: { contactRef: who.contactRef } });
    }
    const parsed = parseCadreCommand(text);
    // 走访: a visit record being written takes the message first; case commands pass through it.
    const homeAreaCode = isGrassroots(cadre.area.kind) ? cadre.area.code : null;
    const visit = await visits.turn({ id: cadre.id, homeAreaCode }, text, parsed.ok && parsed.command.type !== 'help');
    if (visit && !visit.passOn) return visit.replies;
    const lead = visit?.replies ?? [];
    if (!parsed.ok) return [...lead, explainParseError(parsed.error)];
    const done = await run(parsed.command, { cadreId: cadre.id, supervisor: cadre.role === 'SUPERVISOR' });
    // A refused step is answered on its own: the visit's lines are not what the cadre needs then.
    return done.refused ? [done.text] : [...lead, done.text];
  }

  async function run(command: CadreCommand, who: CadreRef): Promise<{ text: string; refused?: boolean }> {
    const at = deps.clock();
    const due = (d: Date) => formatShortDateTime(d, district.timeZone);
    switch (command.type) {
      case 'help':
        return { text: cadreTexts.help };
      case 'bind':
        return { text: cadreTexts.bindAlreadyBound('您') };
      case 'openCases':
        return { text: await cases.openCases(who.cadreId, at) };
      case 'show': {
        const shown = await cases.showCase(who, command.caseNumber);
        return { text: shown.text, refused: !shown.found };
      }
    }
    const done = await cases.step(who, command.caseNumber, command, at);
    if (!done.ok) return { text: done.text, refused: true };
    switch (command.type) {
      case 'accept':
        return { text: cadreTexts.accepted(done.outcome.caseNumber, due(done.outcome.resolveDueAt)) };
      case 'progress':
        return { text: cadreTexts.progressNoted(command.caseNumber) };
      case 'resolve':
        return { text: cadreTexts.resolved(command.caseNumber) };
      case 'transfer':
        return { text: cadreTexts.transferred(done.outcome.caseNumber, done.outcome.assigneeName ?? command.target) };
    }
  }

  return { bind, handle };
}

export type CadreDesk = ReturnType<typeof createCadreDesk>;

function explainParseError(error: ParseError): string {
  switch (error.code) {
    case 'unknown':
      return cadreTexts.help;
    case 'missingCaseNumber':
      return cadreTexts.missingCaseNumber(error.verb);
    case 'badCaseNumber':
      return cadreTexts.badCaseNumber(error.verb, error.given);
    case 'missingNote':
      return cadreTexts.missingNote(error.verb);
    case 'missingTarget':
      return cadreTexts.missingTarget;
    case 'missingReason':
      return cadreTexts.missingReason;
    case 'missingCode':
      return cadreTexts.missingCode;
  }
}
