import type { CaseEventType, Priority } from '../generated/prisma/enums';
import { formatShortDateTime } from '../domain/time';
import { actorTexts, meTooTexts, notices } from '../messages/zh-CN';
import type { OutboxItem } from './enqueue';

/** What the notification rules need to know of a case after a change. */
export type CaseSnapshot = {
  id: number;
  caseNumber: string;
  categoryName: string;
  priority: Priority;
  priorityChar: string;
  description: string;
  place: string;
  households: number | null;
  contactPhone: string | null;
  residentId: number | null;
  /** 我也遇到: residents who joined the case; they hear what its filer hears. */
  alsoReporterIds?: number[];
  reporterCount?: number;
  resolveDueAt: Date;
  acceptDueAt?: Date;
  assignee: { id: number; name: string; phone: string; areaName: string } | null;
};

/** Who took the step: a cadre by area and name; a resident or the system, never named. */
export type ActorView = { kind: 'CADRE'; id: number; name: string; areaName: string } | { kind: 'RESIDENT' } | { kind: 'SYSTEM' };

export type CaseEventView = {
  id: number;
  type: CaseEventType;
  note: string | null;
  previousAssignee: { id: number; name: string } | null;
  actor: ActorView;
  /** 我也遇到: the joiner's phone, told to the assignee. */
  joinerPhone?: string | null;
};

export type NoticeOptions = { showCadrePhone: boolean; timeZone?: string; cadreNames?: 'name' | 'generic' };

/**
 * Who hears of a change (one place for the rules, as Chatwoot's listeners): the assignee of a
 * new or transferred case; the resident at every step they care about; the cadre a case left;
 * the assignee when someone else (a supervisor, a town cadre) acted on their case.
 *
 * Each notice names who acted, as the event records them: a resident is told the cadre who
 * accepted, reported or resolved (by area and name, or only "<area>的干部" where the district
 * prefers), never the assignee in their place, never a phone number beside a name.
 */
export function noticesFor(event: CaseEventView, c: CaseSnapshot, opts: NoticeOptions): OutboxItem[] {
  const urgent = c.priority === 'URGENT';
  const base = (to: 'RESIDENT' | 'CADRE', id: number, kind: string, text: string): OutboxItem => ({
    key: `case:${c.id}:event:${event.id}:${to === 'RESIDENT' ? 'r' : 'c'}${id}`,
    recipient: { kind: to, id },
    caseId: c.id,
    kind,
    text,
    urgent,
  });
  const residentIds = [...new Set([...(c.residentId === null ? [] : [c.residentId]), ...(c.alsoReporterIds ?? [])])];
  const toResident = (kind: string, text: string) => residentIds.map((id) => base('RESIDENT', id, kind, text));
  const toAssignee = (kind: string): OutboxItem[] =>
    c.assignee
      ? [
          base(
            'CADRE',
            c.assignee.id,
            kind,
            notices.cadreNewCase({
              caseNumber: c.caseNumber,
              priorityChar: c.priorityChar,
              categoryName: c.categoryName,
              place: c.place,
              description: c.description,
              households: c.households,
              residentPhone: c.contactPhone,
              due: formatShortDateTime(c.acceptDueAt ?? c.resolveDueAt, opts.timeZone),
            }),
          ),
        ]
      : [];
  const naming = opts.cadreNames ?? 'name';
  const assigneeName = c.assignee?.name ?? '';
  // What residents hear of the assignee and of whoever acted.
  const assigneeForResidents = c.assignee ? actorTexts.forResidents(c.assignee, naming) : '';
  const actor = event.actor;
  const byForResidents = actor.kind === 'CADRE' ? actorTexts.forResidents(actor, naming) : null;
  const byForCadres = actor.kind === 'CADRE' ? actorTexts.cadre(actor) : null;
  // The assignee hears of a step on their case that another cadre took (they would otherwise try it again).
  const toAssigneeIfOther = (): OutboxItem[] =>
    c.assignee && actor.kind === 'CADRE' && actor.id !== c.assignee.id
      ? [base('CADRE', c.assignee.id, 'cadre.stepByOther', notices.cadreStepByOther(c.caseNumber, byForCadres!, actorTexts.step[event.type] ?? '', event.note))]
      : [];
  // A cadre's step named to residents; a step with no cadre behind it (none today) names nobody.
  const by = byForResidents ?? actorTexts.someCadre;

  switch (event.type) {
    case 'ASSIGNED':
      return [
        ...toAssignee('cadre.newCase'),
        ...toResident('resident.assigned', notices.residentAssigned(c.caseNumber, assigneeForResidents, opts.showCadrePhone ? (c.assignee?.phone ?? null) : null)),
      ];
    case 'TRANSFERRED':
      return [
        ...toAssignee('cadre.newCase'),
        ...(event.previousAssignee
          ? [
              base(
                'CADRE',
                event.previousAssignee.id,
                'cadre.transferredAway',
                // Their own transfer needs no "by whom".
                notices.cadreTransferredAway(c.caseNumber, assigneeName, actor.kind === 'CADRE' && actor.id !== event.previousAssignee.id ? byForCadres : null),
              ),
            ]
          : []),
        ...toResident('resident.transferred', notices.residentTransferred(c.caseNumber, byForResidents, assigneeForResidents)),
      ];
    case 'ACCEPTED':
      return [...toAssigneeIfOther(), ...toResident('resident.accepted', notices.residentAccepted(c.caseNumber, by))];
    case 'PROGRESS':
      return [...toAssigneeIfOther(), ...toResident('resident.progress', notices.residentProgress(c.caseNumber, by, event.note ?? ''))];
    case 'RESOLVED':
      return [...toAssigneeIfOther(), ...toResident('resident.resolved', notices.residentResolved(c.caseNumber, by, event.note ?? ''))];
    case 'JOINED':
      return c.assignee
        ? [base('CADRE', c.assignee.id, 'cadre.reporterJoined', meTooTexts.cadreReporterJoined(c.caseNumber, c.reporterCount ?? 1, c.households, event.joinerPhone ?? null))]
        : [];
    default:
      return [];
  }
}
