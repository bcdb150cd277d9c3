/** A resident's cases as the dialogue shows them (我的反映, a case look-up). Pure data. */
import type { CaseStatus } from '../generated/prisma/enums';

export type { CaseStatus };

export type CaseSummary = { caseNumber: string; status: CaseStatus; categoryName: string; createdAt: number; description: string };

export type CaseDetail = CaseSummary & {
  areaName: string;
  locationText: string;
  /** `by`: who acted, as the resident may read it (none for the system's own steps). */
  events: { at: number; type: string; by?: string | null; note: string | null }[];
};
