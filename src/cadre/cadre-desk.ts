import type { District } from '../domain/district';
import { isGrassroots } from '../domain/areas';
import { formatShortDateTime } from '../domain/time';
import type { RateCounters, SessionStore } from '../stores/stores';
import type { Logger } from '../logging/logger';
import { cadreTexts, messages } from '../messages/zh-CN';
import { type Actor, type CaseDeps, CaseRefusal } from '../cases/case-change';
import { cadreViewer } from '../cases/cadre-viewer';
import { canSeeCase } from '../cases/case-visibility';
import { acceptCase } from '../cases/accept-case';
import { postProgress } from '../cases/post-progress';
import { resolveCase } from '../cases/resolve-case';
import { transferCase } from '../cases/transfer-case';
import { listOpenCases, showCase } from '../cases/cadre-cases';
import { type CadreCommand, type ParseError, parseCadreCommand } from './parse-command';
import { redeemBindingCode } from './binding-codes';
import { createVisitDesk } from '../visits/visit-desk';

export type CadreDeskDeps = CaseDeps & {
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
 * that says why; anything unrecognised gets the help text.
 */
export function createCadreDesk(deps: CadreDeskDeps) {
  const { db, district } = deps;
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
    const actor: Actor = { kind: 'CADRE', cadreId: cadre.id, supervisor: cadre.role === 'SUPERVISOR' };
    try {
      return [...lead, await run(parsed.command, actor)];
    } catch (err) {
      if (err instanceof CaseRefusal) return [explainRefusal(err, district)];
      throw err;
    }
  }

  /** A case outside the cadre's areas (and not theirs) is "not found", as in the admin API: not even its assignee is named. */
  async function mustSee(actor: Actor & { kind: 'CADRE' }, caseNumber: string): Promise<void> {
    if (actor.supervisor) return;
    const [viewer, row] = await Promise.all([
      cadreViewer(db, actor.cadreId),
      db.case.findUnique({ where: { caseNumber }, select: { areaId: true, ledger: true, assigneeId: true } }),
    ]);
    if (!viewer || !row || !canSeeCase(viewer, row)) throw new CaseRefusal('notFound', { caseNumber });
  }

  async function run(command: CadreCommand, actor: Actor & { kind: 'CADRE' }): Promise<string> {
    const at = deps.clock();
    if (command.type === 'accept' || command.type === 'progress' || command.type === 'resolve' || command.type === 'transfer') {
      await mustSee(actor, command.caseNumber);
    }
    const due = (d: Date) => formatShortDateTime(d, district.timeZone);
    switch (command.type) {
      case 'help':
        return cadreTexts.help;
      case 'bind':
        return cadreTexts.bindAlreadyBound('您');
      case 'accept': {
        const done = await acceptCase(deps, { caseNumber: command.caseNumber, actor, at });
        return cadreTexts.accepted(done.caseNumber, due(done.resolveDueAt));
      }
      case 'progress':
        await postProgress(deps, { caseNumber: command.caseNumber, actor, note: command.note, at });
        return cadreTexts.progressNoted(command.caseNumber);
      case 'resolve':
        await resolveCase(deps, { caseNumber: command.caseNumber, actor, note: command.note, at });
        return cadreTexts.resolved(command.caseNumber);
      case 'transfer': {
        const done = await transferCase(deps, { caseNumber: command.caseNumber, actor, target: command.target, reason: command.reason, at });
        return cadreTexts.transferred(done.caseNumber, done.assigneeName ?? command.target);
      }
      case 'openCases':
        return listOpenCases(deps, { cadreId: actor.cadreId, at });
      case 'show':
        return showCase(deps, { caseNumber: command.caseNumber, actor });
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

function explainRefusal(err: CaseRefusal, _district: District): string {
  const { caseNumber } = err.info;
  switch (err.code) {
    case 'notFound':
      return cadreTexts.notFound(caseNumber);
    case 'notYours':
      return cadreTexts.notYours(caseNumber, err.info.assigneeName);
    case 'badTransition':
      return cadreTexts.badTransition(
        caseNumber,
        messages.statusText(err.info.status ?? ''),
        cadreTexts.actionText[err.info.action ?? ''] ?? '操作',
      );
    case 'unknownTarget':
      return cadreTexts.unknownTarget(err.info.target ?? '');
    case 'sameAssignee':
      return cadreTexts.sameAssignee(caseNumber);
  }
}
