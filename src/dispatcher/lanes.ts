/**
 * A dispatch lane: the outbox rows one elected dispatcher sends, by the recipient's channel.
 * Cadres are reached through the personal WeChat bot, so they ride the wechat lane. A resident
 * whose channel no lane serves (Open311 has no chat to reply to) falls in `other`, whose
 * dispatcher marks the row FAILED with the reason, as before lanes.
 */
export type DispatchLane = {
  name: string;
  /** Whether cadres' rows are in this lane. */
  cadres: boolean;
  /** Residents whose channel is (include) or is not (!include) one of these. */
  channels: string[];
  include: boolean;
};

const SERVED = ['wechat', 'web', 'official-account'];

export const LANES = {
  wechat: { name: 'wechat', cadres: true, channels: ['wechat'], include: true },
  web: { name: 'web', cadres: false, channels: ['web'], include: true },
  officialAccount: { name: 'official-account', cadres: false, channels: ['official-account'], include: true },
  other: { name: 'other', cadres: false, channels: SERVED, include: false },
} satisfies Record<string, DispatchLane>;
