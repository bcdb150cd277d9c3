import type { Db } from '../db/client';
import { type BondCardRedemption, redeemBondCard } from '../cards/bond-cards';
import type { ResidentRecord } from '../domain/resident-record';
import { eraseResidentData, residentRecords, type ResidentRef } from './personal-data';
import { createAbsentResidents, createConsentWriter, createRecordReader } from './resident-writes';

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
  // A storm of new senders: their second look-up and their consents are the reads and writes saved here.
  const consents = createConsentWriter(db);
  const absent = createAbsentResidents();
  const records = createRecordReader((whos) => residentRecords(db, whos));
  return {
    record: async (who) => {
      if (absent.known(who)) return null;
      const found = await records.submit(who);
      absent.remember(who, found);
      return found;
    },
    recordConsent: (who, at) => {
      absent.forget(who);
      return consents.submit({ ...who, at });
    },
    redeemBondCard: (who, code, at) => {
      absent.forget(who);
      return redeemBondCard(db, { ...who, code, at });
    },
    erase: (who, at) => {
      absent.forget(who);
      return eraseResidentData(db, who, at);
    },
  };
}
