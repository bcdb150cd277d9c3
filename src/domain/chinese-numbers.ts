/** Numbers written in Chinese characters, as residents type them. Pure. */

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 五十六 → 56, 一百零五 → 105, 两千三 is not supported (null): people write it out or use digits. */
export function parseChineseNumber(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    const d = CN_DIGITS[ch];
    const unit = CN_UNITS[ch];
    if (d !== undefined) {
      if (digit !== null && digit !== 0) return null;
      digit = d;
    } else if (unit !== undefined) {
      section += (digit ?? 1) * unit;
      digit = null;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  const value = total + section + (digit ?? 0);
  return text.length > 0 ? value : null;
}

/** 三组 → 3组, 十二栋 → 12栋: numbers in place details are compared as digits (我也遇到 too). */
export function digitsInPlace(text: string): string {
  return text.replace(/([一二三四五六七八九十两百]+)(?=号楼|栋|幢|号|组|单元|楼|层)/gu, (m) => String(parseChineseNumber(m.replace(/两/g, '二')) ?? m));
}
