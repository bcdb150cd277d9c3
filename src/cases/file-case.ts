import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { type District, deadlinesFor } from '../domain/district';
import type { Priority } from '../domain/ledger';
import { nextCaseNumber } from './case-number';
import { assignCase } from './assign-case';
import { type CaseDeps, DEFAULT_TIMING } from './case-change';

export type FileCaseInput = {
  channel: string;
  residentKey: string;
  residentName?: string;
  /** Where the channel reaches the resident now (refreshed at each filing). */
  contactRef?: string | null;
  /** A cadre the resident is tied to (bond card): routing prefers them. */
  preferCadreId?: number | null;
  /** The message that confirmed the report: filing twice on it returns the first case. */
  confirmMessageId: string;
  description: string;
  categoryCode: string;
  areaCode: string;
  locationText: string;
  latitude?: number | null;
  longitude?: number | null;
  households: number | null;
  priority: Priority;
  phone: string | null;
  classifierWords: string[];
  attachments: { ref: string; mime: string }[];
  at: Date;
};

export type FiledCase = { caseId: number; caseNumber: string; priority: Priority; areaName: string; created: boolean };

export type FileCaseDeps = CaseDeps & { areaIds: ReadonlyMap<string, number> };

export class UnknownAreaError extends Error {
  override name = 'UnknownAreaError';
}

/**
 * Writes a case into its category's ledger, with its FILED event, assigns it to its cadre and
 * enqueues their notifications, all in one transaction.
 */
export async function fileCase(deps: FileCaseDeps, input: FileCaseInput): Promise<FiledCase> {
  const { db, district } = deps;
  const existing = await findByConfirmMessage(db, input.confirmMessageId);
  if (existing) return existing;

  const areaId = deps.areaIds.get(input.areaCode);
  const area = district.area(input.areaCode);
  if (areaId === undefined || !area) throw new UnknownAreaError(`unknown area ${input.areaCode}`);
  const category = district.category(input.categoryCode);
  const caseNumber = await nextCaseNumber(db, district.prefix, input.at, district.timeZone);
  const deadlines = deadlinesFor(district.priority(input.priority), input.at);

  try {
    const row = await db.$transaction(async (tx) => {
      const resident = await tx.resident.upsert({
        where: { channel_channelKey: { channel: input.channel, channelKey: input.residentKey } },
        create: {
          channel: input.channel,
          channelKey: input.residentKey,
          displayName: input.residentName ?? null,
          phone: input.phone,
          contactRef: input.contactRef ?? null,
          areaId,
        },
        update: {
          ...(input.residentName ? { displayName: input.residentName } : {}),
          ...(input.phone ? { phone: input.phone } : {}),
          ...(input.contactRef ? { contactRef: input.contactRef } : {}),
          areaId,
        },
        select: { id: true, bondCard: { select: { cadreId: true, areaId: true, revokedAt: true } } },
      });
      // A resident tied by a bond card (连心卡) goes to its cadre for cases in the card's area.
      const card = resident.bondCard;
      const preferCadreId = input.preferCadreId ?? (card && !card.revokedAt && card.areaId === areaId ? card.cadreId : null);
      const created = await tx.case.create({
        data: {
          caseNumber,
          ledger: category.ledger,
          category: category.code,
          priority: input.priority,
          description: input.description,
          locationText: input.locationText,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          households: input.households,
          contactPhone: input.phone,
          classifierWords: input.classifierWords,
          areaId,
          residentId: resident.id,
          confirmMessageId: input.confirmMessageId,
          channel: input.channel,
          ...deadlines,
          nextCheckAt: input.at,
          nextUpdateAt: new Date(input.at.getTime() + (deps.timing ?? DEFAULT_TIMING).progressUpdateMs),
          createdAt: input.at,
          events: {
            create: [{ type: 'FILED', actorKind: 'RESIDENT', actorId: resident.id, toStatus: 'FILED', createdAt: input.at }],
          },
          attachments: { create: input.attachments.map((a) => ({ ref: a.ref, mime: a.mime, createdAt: input.at })) },
        },
        select: { id: true },
      });
      // Assigned in the same transaction: a filed case always reaches a cadre, with its notices.
      await assignCase(tx, deps, { caseNumber, at: input.at, preferCadreId });
      return created;
    });
    return { caseId: row.id, caseNumber, priority: input.priority, areaName: area.name, created: true };
  } catch (err) {
    // The same confirmation raced in from another worker: the first one's case stands.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const raced = await findByConfirmMessage(db, input.confirmMessageId);
      if (raced) return raced;
    }
    throw err;
  }
}

async function findByConfirmMessage(db: Db, confirmMessageId: string): Promise<FiledCase | null> {
  const row = await db.case.findUnique({
    where: { confirmMessageId },
    select: { id: true, caseNumber: true, priority: true, area: { select: { name: true } } },
  });
  return row && { caseId: row.id, caseNumber: row.caseNumber, priority: row.priority, areaName: row.area.name, created: false };
}
