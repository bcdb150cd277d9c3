/** Household counts as residents write them: 56户, 五十六户, 二十多户. */

// Bounded repeats: a long run of digits without 户 must not make the search quadratic.
// Not an ordinal: 第3户 is "household number 3", not three households.
const HOUSEHOLDS = /(?<![第\d零〇一二两三四五六七八九十百千万])(\d{1,9}|[零〇一二两三四五六七八九十百千万]{1,9})(?:多|余|来)?\s?户/g;

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 五十六 → 56, 一百零二 → 102, 两万 → 20000; null if it is not a Chinese numeral. */
export function chineseNumber(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of text) {
    const d = CN_DIGITS[ch];
    const unit = CN_UNITS[ch];
    if (d !== undefined) digit = d;
    else if (unit !== undefined) {
      section += (digit || 1) * unit;
      digit = 0;
    } else if (ch === '万') {
      total += (section + digit || 1) * 10_000;
      section = 0;
      digit = 0;
    } else return null;
  }
  return text.length === 0 ? null : total + section + digit;
}

/** The largest household count written in the text (56户, 五十六户, 二十多户), with its words. */
export function largestHouseholdCount(text: string): { count: number; word: string } | null {
  if (!text.includes('户')) return null;
  let best: { count: number; word: string } | null = null;
  HOUSEHOLDS.lastIndex = 0;
  for (let m = HOUSEHOLDS.exec(text); m; m = HOUSEHOLDS.exec(text)) {
    const digits = m[1]!;
    const asDigits = Number(digits);
    const count = Number.isNaN(asDigits) ? chineseNumber(digits) : asDigits;
    if (count !== null && (!best || count > best.count)) best = { count, word: m[0] };
  }
  return best;
}
