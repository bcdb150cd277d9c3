import { publicRedactionTexts as MARK } from '../messages/zh-CN';

/**
 * The one redaction for every text that leaves for the public (Open311 now, anything public
 * later): description, address, status notes. Residents type their phone, ID card and names into
 * what they report ("我叫李大妈，电话136 1234 5678"); cadres do the same in progress notes.
 * What we remove, erring on the side of too much (a public text loses a word, a resident never
 * loses their privacy):
 * - any run of 7 or more digits, ASCII, full-width or Chinese numerals (一三九…), with spaces,
 *   dashes or brackets inside and an optional +86: mobile and landline numbers, ID card numbers
 *   (with a final X), bank cards, QQ numbers. Case numbers and ISO dates are left as they are;
 * - e-mail addresses, and WeChat / QQ ids after 微信(号) / QQ;
 * - names: the known names given (the case's resident, the district's cadres, and each 3-character
 *   name's given name alone), the name after 我叫 / 名叫 / 姓名 / 联系人 / 我是, the surname after
 *   我姓 / 他姓 …, and a common surname before a form of address (李大妈, 王书记, 老张).
 */
export function redactForPublic(text: string, opts: { names?: readonly (string | null | undefined)[] } = {}): string {
  let out = text.replace(EMAIL, MARK.number).replace(ACCOUNT_ID, (_m, label: string) => `${label}${MARK.number}`);
  out = out.replace(NUMBERISH, (m, kept: string | undefined) => (kept !== undefined || digitCount(m) < MIN_DIGITS ? m : MARK.number));
  const known = knownNames(opts.names ?? []);
  // Plain string search, longest name first: cheap enough for a thousand rows and every cadre's name.
  for (const name of known.names) if (out.includes(name)) out = out.split(name).join(MARK.name);
  out = out
    .replace(NAME_AFTER_STRONG_MARKER, (_m, marker: string, gap: string) => `${marker}${gap}${MARK.name}`)
    .replace(NAME_AFTER_WO_SHI, (_m, marker: string) => `${marker}${MARK.name}`)
    .replace(SURNAME_AFTER_XING, (_m, who: string) => `${who}姓${MARK.name}`);
  return out
    .replace(surnameBeforeTitle(known.surnames), (_m, prefix: string | undefined) => `${prefix ?? ''}${MARK.name}`)
    .replace(OLD_OR_YOUNG_SURNAME, (_m, before: string, oldOrYoung: string) => `${before}${oldOrYoung}${MARK.name}`);
}

/** Fewer digits than this is a house number, an amount or a count, not a personal number. */
const MIN_DIGITS = 7;

// Digits as residents type them: ASCII, full-width, and Chinese numerals (幺 is "one" read out in a phone number).
const DIGIT = '[0-9\\uFF10-\\uFF19〇零一二三四五六七八九幺]';
// Inside a number: spaces (also the ideographic and no-break space), dashes of every width,
// brackets, and the commas and dots people split digits with (136、1234、5678).
const SEP = '[\\s\\u00A0\\u3000\\-\\uFF0D\\u2010-\\u2015\\u2212()\\uFF08\\uFF09、,，.．]';
const RUN = `(?:[+\\uFF0B]\\s?)?${DIGIT}(?:${SEP}{0,3}${DIGIT})*[xX\\uFF58\\uFF38]?`;
// Kept as they are (matched first, so a run does not start inside them): GJ-20260226-0042, 2026-02-26(T10:00:00+08:00).
const CASE_NUMBER = '[A-Z]{1,6}-\\d{8}-\\d{4,}';
const ISO_DATE = '(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?![0-9])';
const NUMBERISH = new RegExp(`(${CASE_NUMBER}|${ISO_DATE})|${RUN}`, 'g');

const digitCount = (s: string) => s.replace(/[^0-9\uFF10-\uFF19〇零一二三四五六七八九幺]/g, '').length;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ACCOUNT_ID = /((?:微信号?|[Vv][Xx]|[Qq]{2}号?)\s*[:：]?\s*)[A-Za-z0-9_-]{5,40}/g;

const HAN = '\\p{Script=Han}';
// What usually follows a name someone gives: their phone, where they live, their age, a pause.
const AFTER_NAME = `(?=电话|手机|号码|联系|住在|家住|住|今年|是|的|在|反映|${'[^\\p{Script=Han}]'}|$)`;
const NAME_AFTER_STRONG_MARKER = new RegExp(
  `(我叫|名叫|我的名字[是叫]|名字[是叫]|姓名[是为]?|联系人[是为]?)([:：\\s]*)(?:${HAN}{1,3}?${AFTER_NAME}|${HAN}{1,3})`,
  'gu',
);
// "我是" is followed by many things besides a name (我是向阳社区的居民): only a short word before a pause.
const NAME_AFTER_WO_SHI = new RegExp(`(我是)${HAN}{2,3}(?=电话|手机|[^\\p{Script=Han}]|$)`, 'gu');
const SURNAME_AFTER_XING = new RegExp(`(我|他|她|您|本人|户主|住户|居民)姓(?!名)${HAN}`, 'gu');

// The commonest surnames (about four in five people); 于 is left out, 小于 means "less than".
const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const TITLES =
  '书记|主任|村长|组长|队长|站长|所长|镇长|区长|社长|网格员|大妈|大爷|大娘|大伯|大叔|大婶|大姐|大哥|阿姨|叔叔|婆婆|爷爷|奶奶|师傅|先生|女士|小姐|老师|医生|同志';
const titlePatterns = new Map<string, RegExp>();
/** The surname-and-title pattern, with the known names' surnames that are not common ones (kept compiled). */
function surnameBeforeTitle(known: ReadonlySet<string>): RegExp {
  const extra = [...known].filter((c) => !COMMON_SURNAMES.includes(c)).sort().join('');
  let pattern = titlePatterns.get(extra);
  if (!pattern) {
    pattern = new RegExp(`([老小])?[${COMMON_SURNAMES}${extra}](?=${TITLES})`, 'gu');
    if (titlePatterns.size > 1000) titlePatterns.clear();
    titlePatterns.set(extra, pattern);
  }
  return pattern;
}
const OLD_OR_YOUNG_SURNAME = new RegExp(`(^|[^${'\\p{Script=Han}'}]|[说找问叫和跟])([老小])[${COMMON_SURNAMES}](?=[^\\p{Script=Han}]|$|说|家|讲|反映)`, 'gu');

type KnownNames = { names: string[]; surnames: Set<string> };
// A list is prepared once however many texts it is used for (a case's description, address and
// notes share one); callers treat the lists they pass as frozen.
const prepared = new WeakMap<readonly unknown[], KnownNames>();

/** The given names, longest first, with each 3-character name's given name alone, and their surnames. */
function knownNames(names: readonly (string | null | undefined)[]): KnownNames {
  const done = prepared.get(names);
  if (done) return done;
  const all = new Set<string>();
  const surnames = new Set<string>();
  for (const raw of names) {
    const name = (raw ?? '').trim();
    if (name.length < 2) continue;
    all.add(name);
    const chinese = name.length <= 4 && [...name].every(isHan);
    if (chinese && name.length >= 3) all.add(name.slice(1));
    if (chinese) surnames.add(name[0]!);
  }
  const known = { names: [...all].sort((a, b) => b.length - a.length), surnames };
  prepared.set(names, known);
  return known;
}

// CJK Unified Ideographs and Extension A: the characters of Chinese names.
const isHan = (c: string) => (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF');
