import { meTooTexts } from '../messages/zh-CN';
import { type CaseDeps, caseRowInclude, loadCaseForUpdate, recordEvent, snapshotOf } from './case-change';
import { isOpen } from '../domain/case-status';

export type JoinCaseInput = {
  channel: string;
  residentKey: string;
  residentName?: string;
  contactRef?: string | null;
  caseNumber: string;
  /** What this resident reported; null: did not know (counted as their own household). */
  households: number | null;
  /** The phone the joiner left (asked like anyone's), kept on their resident row for the cadre; null: none. */
  phone?: string | null;
  at: Date;
};

export type JoinedCase =
  | { outcome: 'joined' | 'alreadyReporter'; caseNumber: string; reporterCount: number; households: number | null }
  /** Resolved or closed since it was shown: the resident's report is filed as a new case instead. */
  | { outcome: 'closed'; caseNumber: string };

/**
 * 我也遇到: the resident joins an open case instead of filing it again. In one transaction: the
 * case row locked, the reporter added (once: joining twice changes nothing), the households summed,
 * a JOINED event on the timeline and the assignee told. From then on the resident hears every step
 * (case-notices.ts sends to every reporter).
 */
export async function joinCase(deps: CaseDeps, input: JoinCaseInput): Promise<JoinedCase> {
  return deps.db.$transaction(async (tx) => {
    const row = await loadCaseForUpdate(tx, input.caseNumber);
    if (!isOpen(row.status)) return { outcome: 'closed', caseNumber: row.caseNumber };
    const resident = await tx.resident.upsert({
      where: { channel_channelKey: { channel: input.channel, channelKey: input.residentKey } },
      create: {
        channel: input.channel,
        channelKey: input.residentKey,
        displayName: input.residentName ?? null,
        contactRef: input.contactRef ?? null,
        phone: input.phone ?? null,
        areaId: row.areaId,
      },
      update: { ...(input.contactRef ? { contactRef: input.contactRef } : {}), ...(input.phone ? { phone: input.phone } : {}) },
      select: { id: true },
    });
    const already = row.residentId === resident.id || row.reporters.some((r) => r.residentId === resident.id);
    if (already) return { outcome: 'alreadyReporter', caseNumber: row.caseNumber, reporterCount: row.reporterCount, households: row.households };
    await tx.caseReporter.create({ data: { caseId: row.id, residentId: resident.id, households: input.households, createdAt: input.at } });
    // Every reporter counts at least their own household; a filer who did not know counts one.
    const households = (row.households ?? 1) + (input.households ?? 1);
    const reporterCount = row.reporterCount + 1;
    const updated = await tx.case.update({
      where: { id: row.id },
      data: { households, reporterCount },
      include: caseRowInclude,
    });
    await recordEvent(tx, deps, {
      row,
      type: 'JOINED',
      // 我也遇到 is the joining resident's act (never named: the timeline says 群众).
      actor: { kind: 'RESIDENT', residentId: resident.id },
      from: null,
      to: null,
      note: meTooTexts.joinedNote(input.households, reporterCount, households),
      at: input.at,
      after: snapshotOf(updated, deps.district),
      joinerPhone: input.phone ?? null,
    });
    return { outcome: 'joined', caseNumber: row.caseNumber, reporterCount, households };
  });
}
