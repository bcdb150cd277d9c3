import type { Db } from '../db/client';
import { type BondCardRedemption, redeemBondCard } from '../cards/bond-cards';
import type { ResidentRecord } from '../domain/resident-record';
import { eraseResidentData, recordConsent, residentRecord, type ResidentRef } from './personal-data';

/** What the router needs for residents' privacy and bond cards (the dialogue decides when). */
export type ResidentService = {
  /** Consent and bond card on record, for a session that has none (new, or expired). */
  record(who: ResidentRef): Promise<ResidentRecord | null>;
  recordConsent(who: ResidentRef & { contactRef?: string | null }, at: Date): Promise<void>;
  redeemBondCard(who: ResidentRef & { contactRef?: string | null }, code: string, at: Date): Promise<BondCardRedemption>;
  /** 删除我的信息; false when nothing was kept. */
  erase(who: ResidentRef, at: Date): Promise<boolean>;
};

export function createResidentService(db: Db): ResidentService {
  return {
    record: (who) => residentRecord(db, who),
    recordConsent: (who, at) => recordConsent(db, who, at),
    redeemBondCard: (who, code, at) => redeemBondCard(db, { ...who, code, at }),
    erase: (who, at) => eraseResidentData(db, who, at),
  };
}
