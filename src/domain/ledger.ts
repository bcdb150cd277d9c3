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

/** The six books' names as the district prints them. */
export const LEDGER_NAMES: Record<Ledger, string> = {
  LIVELIHOOD: '民生诉求台账',
  HARDSHIP: '困难群众台账',
  STABILITY: '稳定工作台账',
  VILLAGE_AFFAIRS: '村情台账',
  SENTIMENT: '民情台账',
  PARTY_AFFAIRS: '党情台账',
};

/** 轻重缓急, most pressing first. Values match the Prisma enum. */
export const PRIORITIES = ['URGENT', 'SERIOUS', 'DEFERRABLE', 'MINOR'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower sorts first: used to order a cadre's to-do list. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}
