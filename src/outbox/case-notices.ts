import type { CaseEventType, Priority } from '../generated/prisma/enums';
import { formatShortDateTime } from '../domain/time-format';
import { meTooTexts, notices } from '../messages/zh-CN';
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
  assignee: { id: number; name: string; phone: string } | null;
};

export type CaseEventView = {
  id: number;
  type: CaseEventType;
  note: string | null;
  previousAssignee: { id: number; name: string } | null;
  /** 我也遇到: the joiner's phone, told to the assignee. */
  joinerPhone?: string | null;
};

/**
 * Who hears of a change (one place for the rules, as Chatwoot's listeners): the assignee of a
 * new or transferred case; the resident at every step they care about; the cadre a case left.
 */
export function noticesFor(event: CaseEventView, c: CaseSnapshot, opts: { showCadrePhone: boolean; timeZone?: string }): OutboxItem[] {
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
  const assigneeName = c.assignee?.name ?? '';

  switch (event.type) {
    case 'ASSIGNED':
      return [
        ...toAssignee('cadre.newCase'),
        ...toResident('resident.assigned', notices.residentAssigned(c.caseNumber, assigneeName, opts.showCadrePhone ? (c.assignee?.phone ?? null) : null)),
      ];
    case 'TRANSFERRED':
      return [
        ...toAssignee('cadre.newCase'),
        ...(event.previousAssignee
          ? [base('CADRE', event.previousAssignee.id, 'cadre.transferredAway', notices.cadreTransferredAway(c.caseNumber, assigneeName))]
          : []),
        ...toResident('resident.transferred', notices.residentTransferred(c.caseNumber, assigneeName)),
      ];
    case 'ACCEPTED':
      return toResident('resident.accepted', notices.residentAccepted(c.caseNumber, assigneeName));
    case 'PROGRESS':
      return toResident('resident.progress', notices.residentProgress(c.caseNumber, event.note ?? ''));
    case 'RESOLVED':
      return toResident('resident.resolved', notices.residentResolved(c.caseNumber, event.note ?? ''));
    case 'JOINED':
      return c.assignee
        ? [base('CADRE', c.assignee.id, 'cadre.reporterJoined', meTooTexts.cadreReporterJoined(c.caseNumber, c.reporterCount ?? 1, c.households, event.joinerPhone ?? null))]
        : [];
    default:
      return [];
  }
}
