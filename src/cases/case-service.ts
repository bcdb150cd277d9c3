import type { CaseDetail, CaseSummary } from '../domain/case-views';
import type { Prisma } from '../generated/prisma/client';
import { answerFollowUp, type Satisfaction } from './answer-follow-up';
import { type CaseDeps, CaseRefusal } from './case-change';
import { listOpenCases, showCase } from './cadre-cases';
import { type CadreRef, type CadreStep, canSeeCase, explainRefusal, runCadreStep, type StepResult } from './cadre-steps';
import { type CaseFilter, type CasePage, listCases } from './case-queries';
import type { Viewer } from './case-visibility';
import { fileCase, type FileCaseInput, type FiledCase } from './file-case';
import { joinCase, type JoinCaseInput, type JoinedCase } from './join-case';
import { findResidentCase, listResidentCases } from './resident-cases';
import { createSimilarCaseFinder, type SimilarCase, type SimilarCaseQuery } from './similar-cases';
import { caseForStaff, type StaffCase } from './staff-cases';
import { type ScheduledCaseWork, scheduledCaseWork } from './scheduled-work';
import type { JobDeps } from '../jobs/job-deps';

export type { CadreRef, CadreStep, StepResult } from './cadre-steps';
export type { StaffCase } from './staff-cases';
export type { ScheduledCaseWork, ScheduledRunOptions } from './scheduled-work';

export type CaseServiceDeps = CaseDeps & {
  /** What the scheduled use cases need besides (time limits, follow-up and retention periods, logger). */
  schedule: Omit<JobDeps, 'db' | 'district' | 'showCadrePhone'>;
  /** Area code → id, for filing (read once at start). */
  areaIds: ReadonlyMap<string, number>;
  /** 我也遇到: how far back an open case may be joined (ME_TOO_DAYS); 0 turns it off. */
  meTooDays: number;
};

type Resident = { channel: string; residentKey: string };

/**
 * Every use case on cases, for every side that has one: the router (residents), the cadre desk
 * (WeChat), the admin API, the dashboard, Open311, the jobs (`scheduled`) and the CLI's composition. Each entry point says
 * who is acting; who may see and do what (cases/case-visibility.ts, case-change.ts) and the words
 * of a refusal (the message catalogue) are decided here, once.
 */
export type CaseService = {
  /** Files a confirmed report (idempotent on its confirming message id). */
  fileCase(input: FileCaseInput): Promise<FiledCase>;
  /** A resident's own cases, newest first. */
  listResidentCases(who: Resident): Promise<CaseSummary[]>;
  /** One of the resident's own cases with its timeline; anyone else's number gives null. */
  findResidentCase(who: Resident, caseNumber: string): Promise<CaseDetail | null>;
  /**
   * 回访: the resident's answer to their open follow-up. Satisfied closes the case; unsatisfied
   * reopens it (fresh time limits, routed again, escalated). Null: no follow-up was waiting.
   */
  answerFollowUp(opts: Resident & { answer: Satisfaction; comment: string | null; at: Date }): Promise<string | null>;
  /** Whether 我也遇到 is on (ME_TOO_DAYS > 0); when off, every report is a new case. */
  readonly meToo: boolean;
  /** 我也遇到: the closest open case like a new report, within ME_TOO_DAYS. */
  findSimilarCase(query: Omit<SimilarCaseQuery, 'withinDays'>): Promise<SimilarCase | null>;
  /** 我也遇到: the resident joins an open case instead of filing it again. */
  joinCase(input: JoinCaseInput): Promise<JoinedCase>;
  /** 受理 / 进展 / 办结 / 转办, visibility checked first; refusals come back worded. */
  step(who: CadreRef, caseNumber: string, step: CadreStep, at: Date): Promise<StepResult>;
  /** Whether the case exists and is in the cadre's scope. */
  canSee(who: CadreRef, caseNumber: string): Promise<boolean>;
  /** 待办: the cadre's open cases, as the WeChat reply. */
  openCases(cadreId: number, at: Date): Promise<string>;
  /** 案件 <编号>: details and timeline as the WeChat reply, or (not `found`) why not: outside their scope. */
  showCase(who: CadreRef, caseNumber: string): Promise<{ found: boolean; text: string }>;
  /** One page of the ledger the viewer may see (`where`: conditions already built from caseWhere). */
  listCases(viewer: Viewer, filter: CaseFilter, page: CasePage, now: Date, where?: Prisma.CaseWhereInput): ReturnType<typeof listCases>;
  /** One case for the admin API, null outside the viewer's scope (`anyArea`: the outcome of their own act). */
  lookUpCase(viewer: Viewer, caseNumber: string, opts?: { anyArea?: boolean }): Promise<StaffCase | null>;
  /** The scheduled use cases (time limits, resident updates, follow-ups, retention), run by the jobs. */
  readonly scheduled: ScheduledCaseWork;
};

export function createCaseService(deps: CaseServiceDeps): CaseService {
  const { db, schedule } = deps;
  const findSimilarCase = createSimilarCaseFinder(deps);
  return {
    fileCase: (input) => fileCase(deps, input),
    listResidentCases: (who) => listResidentCases(deps, who),
    findResidentCase: (who, caseNumber) => findResidentCase(deps, who, caseNumber),
    answerFollowUp: (opts) => answerFollowUp(deps, opts),
    meToo: deps.meTooDays > 0,
    findSimilarCase: async (query) => (deps.meTooDays > 0 ? findSimilarCase({ ...query, withinDays: deps.meTooDays }) : null),
    joinCase: (input) => joinCase(deps, input),
    step: (who, caseNumber, step, at) => runCadreStep(deps, who, caseNumber, step, at),
    canSee: (who, caseNumber) => canSeeCase(deps, who, caseNumber),
    openCases: (cadreId, at) => listOpenCases(deps, { cadreId, at }),
    showCase: async (who, caseNumber) => {
      try {
        return { found: true, text: await showCase(deps, { caseNumber, actor: { kind: 'CADRE', cadreId: who.cadreId, supervisor: who.supervisor } }) };
      } catch (err) {
        if (err instanceof CaseRefusal) return { found: false, text: explainRefusal(err) };
        throw err;
      }
    },
    listCases: (viewer, filter, page, now, where) => listCases(db, viewer, filter, page, now, where),
    lookUpCase: (viewer, caseNumber, opts) => caseForStaff(db, viewer, caseNumber, opts),
    scheduled: scheduledCaseWork({ ...deps, ...schedule }),
  };
}
