import type { Priority } from '../domain/ledger';
import { parseChineseNumber } from '../domain/chinese-numbers';
import { halfWidth, parsePhone } from './parse';
import { findPlace } from './places';
import { allAreas } from './understand';
import { findArea } from './prompts';
import type { DialogueContext, Draft, Session } from './types';

/**
 * What the first message already says, so it is shown for confirmation instead of being asked
 * again: a place ("花园路1栋", "团结村3组"), a number of households ("56户", "二十几户"), an urgency
 * hint ("很急") and a phone number. Only what is unambiguous is taken: "3组" without a village
 * (and no bond card to say which) is left for the location question.
 */

const MAX_HOUSEHOLDS = 100_000;
/** 56户, 五十六户, 二十几户 (→ 20), 30多家; several are added up (56户居民和21家门市). */
// Not an ordinal: 第3户 is "household number 3", not three households.
const HOUSEHOLDS = /(?<![第\d零〇一二两三四五六七八九十百千万])(\d{1,6}|[一二两三四五六七八九十百千万]{1,6})\s*(?:来|多|余|几)?\s*(?:户|家)(?!人|里|门口|长)/gu;
/** Words that say it cannot wait. */
const URGENT_HINT = /很急|非常急|特别急|紧急|急得很|急死了|十万火急|火烧眉毛|急急急|等不得|等不及|马上要|赶紧来|快点来/u;

export function householdsIn(text: string): number | null {
  let total = 0;
  for (const m of halfWidth(text).matchAll(HOUSEHOLDS)) {
    if (text[m.index - 1] === '几') continue;
    const raw = m[1]!;
    const value = /^\d/.test(raw) ? Number(raw) : parseChineseNumber(raw.replace(/两/g, '二'));
    if (value !== null && value >= 1) total += value;
  }
  return total >= 1 && total <= MAX_HOUSEHOLDS ? total : null;
}

export function urgencyHintIn(text: string): Priority | null {
  return URGENT_HINT.test(text) ? 'URGENT' : null;
}

/** The slots the description fills, with `prefilled` saying which (nothing when it says none of them). */
export function factsOf(description: string, session: Session, ctx: DialogueContext, emergency: boolean): Partial<Draft> {
  const facts: Partial<Draft> = {};
  const prefilled: NonNullable<Draft['prefilled']> = {};
  const card = findArea(ctx, session.profile.bondCard?.areaCode);
  const place = findPlace(description, allAreas(ctx), 'mention', card);
  if (place?.kind === 'match') {
    Object.assign(facts, { areaCode: place.area.code, locationText: place.detail, latitude: undefined, longitude: undefined });
    prefilled.place = true;
  }
  const households = householdsIn(description);
  if (households !== null) {
    facts.households = households;
    prefilled.households = true;
  }
  const hint = emergency ? 'URGENT' : urgencyHintIn(description);
  if (hint) {
    facts.priority = hint;
    prefilled.priority = true;
  }
  const phone = parsePhone(description);
  if (phone.kind === 'phone') {
    facts.phone = phone.phone;
    prefilled.phone = true;
  }
  return Object.keys(prefilled).length > 0 ? { ...facts, prefilled } : { prefilled: undefined };
}
