/** The six books of the people's-conditions ledger (民情台账). Values match the Prisma enum. */
export const LEDGERS = [
  'LIVELIHOOD',
  'HARDSHIP',
  'STABILITY',
  'VILLAGE_AFFAIRS',
  'SENTIMENT',
  'PARTY_AFFAIRS',
] as const;
export type Ledger = (typeof LEDGERS)[number];

/** 轻重缓急, most pressing first. Values match the Prisma enum. */
export const PRIORITIES = ['URGENT', 'SERIOUS', 'DEFERRABLE', 'MINOR'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower sorts first: used to order a cadre's to-do list. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}
