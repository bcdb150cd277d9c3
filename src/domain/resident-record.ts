/** What is on record for a sender: their consent and the bond card that ties them, if any. */
export type ResidentRecord = {
  consentAt: Date | null;
  bondCard: { code: string; areaCode: string; areaName: string; cadreName: string } | null;
};
