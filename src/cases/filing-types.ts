import type { Priority } from '../domain/ledger';
import type { CaseDeps } from './case-change';

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
  /** A cadre filing for the person they visited (五访五问): the FILED step is theirs, not the resident's. */
  filedByCadreId?: number | null;
  at: Date;
};

export type FiledCase = { caseId: number; caseNumber: string; priority: Priority; areaName: string; created: boolean };

export type FileCaseDeps = CaseDeps & { areaIds: ReadonlyMap<string, number> };
