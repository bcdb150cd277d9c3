import { messages, privacyTexts } from '../../src/messages/zh-CN';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

/**
 * One resident's whole intake, turn by turn, with what the bot must answer at each turn. The
 * texts vary by resident (description, category, place, households, urgency, phone) so the
 * classifier, the area matcher and the routing see a realistic mix, not one cached path.
 */
export type Turn = { text: string; expect: (replies: string[]) => boolean; what: string };

const DESCRIPTIONS: { text: string; category: number }[] = [
  { text: '我们小区没有化粪池，阴沟堵塞，污水外流，臭得很', category: 1 },
  { text: '组里有一半的田没有水灌溉，两个镇共用一个小水库，放水总轮不到我们', category: 2 },
  { text: '村道上有个大坑，下雨积水，骑车的人不好走', category: 3 },
  { text: '垃圾堆了好几天没人清，苍蝇蚊子很多', category: 4 },
  { text: '我家房屋墙体开裂，下雨还漏雨，晚上不敢睡', category: 5 },
  { text: '邻居天天吵架，为了宅基地的事闹了半年', category: 6 },
  { text: '老人一个人住，腿脚不方便，生活比较困难，想申请帮扶', category: 7 },
  { text: '村里的账目好久没有公开了，大家想看看集体收入怎么用的', category: 8 },
  { text: '支部组织生活会的时间能不能改到晚上，白天大家都在干活', category: 9 },
  { text: '建议在社区门口加几个路灯，晚上出门太黑了', category: 10 },
  { text: '楼上装修的噪音很大，中午也不停，影响老人休息', category: 11 },
  { text: '下水道的井盖坏了，路过的小孩差点掉下去', category: 1 },
];

// Each resident's own group or building: the "me too" lookup runs for every report (as in real
// use) but finds no open case at the same place, so every resident files their own case.
const PLACES = ['团结村{n}组', '水塘村{n}组', '火石村{n}组', '向阳社区花园路{n}栋', '花园社区{n}栋2单元', '向阳社区幸福小区{n}栋', '花园社区育才路{n}号'];
const URGENCY = ['是', '2', '3', '4', '是', '缓', '轻', '是'];
const BAD_PHONES = ['12345', '138123', '电话号码', '1234567890123'];

const has = (fragment: string) => (replies: string[]) => replies.some((r) => r.includes(fragment));
const exactly = (text: string) => (replies: string[]) => replies.includes(text);

/** The confirmation's 案件编号 line; group 1 is the number (its pattern is the one src exports). */
export const CASE_NUMBER = new RegExp(`案件编号：(${CASE_NUMBER_IN_TEXT.source})`);

export function conversationFor(i: number): Turn[] {
  const d = DESCRIPTIONS[i % DESCRIPTIONS.length]!;
  const phone = `13${(i % 7) + 3}${String(10_000_000 + ((i * 7_919) % 89_999_999)).slice(0, 8)}`;
  return [
    { what: 'greeting', text: i % 2 ? '你好' : '在吗', expect: exactly(privacyTexts.notice) },
    { what: 'consent', text: '同意', expect: has(privacyTexts.agreed) },
    { what: 'description', text: `${d.text}（${letters(i)}）`, expect: has('这件事') },
    { what: 'category', text: String(d.category), expect: has('在哪里') },
    { what: 'location', text: PLACES[i % PLACES.length]!.replace('{n}', String(i + 1)), expect: exactly(messages.householdsPrompt) },
    { what: 'households', text: `${(i % 60) + 1}户`, expect: has('这件事有多急') },
    { what: 'urgency', text: URGENCY[i % URGENCY.length]!, expect: exactly(messages.phonePrompt) },
    { what: 'invalid phone', text: BAD_PHONES[i % BAD_PHONES.length]!, expect: exactly(messages.phoneWrong) },
    { what: 'valid phone', text: phone, expect: has('请核对一下') },
    { what: 'confirmation', text: '确认', expect: (r) => r.some((x) => CASE_NUMBER.test(x)) },
  ];
}

/**
 * The resident's tag in their description (every text distinct), in letters: a number there
 * can be a hazard word (120, 119, 110 are emergency numbers), which makes the report URGENT
 * and skips the urgency step the script expects.
 */
function letters(i: number): string {
  let out = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(97 + ((n - 1) % 26)) + out;
  return out;
}

export const TURNS_PER_RESIDENT = conversationFor(0).length;
