import type { CadreDesk } from '../cadre/cadre-desk';
import type { CaseService } from '../cases/case-service';
import type { District } from '../domain/district';
import type { Logger } from '../logging/logger';
import type { ResidentService } from '../privacy/resident-service';
import type { InboundStore } from './inbound-store';

/** What the router and the parts it hands messages to (dialogue turn, pending filings) work with. */
export type InboundDeps = {
  store: InboundStore;
  /** Every use case on cases (filing, 我也遇到, look-ups, follow-up answers). */
  cases: CaseService;
  /** Residents' consent, bond cards and 删除我的信息. */
  residents: ResidentService;
  cadres: CadreDesk;
  district: District;
  logger: Logger;
  clock: () => Date;
  idleTimeoutMs: number;
  /** Whether residents may be told a cadre's phone (SHOW_CADRE_PHONE), e.g. when they ask for a person. */
  showCadrePhone?: boolean;
};
