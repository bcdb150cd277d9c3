import type { Probabilities } from './blend';
import { softmax } from './naive-bayes';
import type { ReadText } from './reader';
import type { UnderstandingSettings } from './settings';
import { INTENTS, type IntentName, type IntentReading } from './types';

/** A message this short is read with the words below as well as the model. */
const LEXICON_MAX_LENGTH = 12;
/** How people say each intent (facts of the language, also in src/dialogue/commands.ts): evidence, not a verdict. */
const INTENT_WORDS: Partial<Record<IntentName, string[]>> = {
  cancel: ['取消', '算了', '不报了', '不说了', '不用了', '不要了', '不反映了', '不弄了', '没事了', '不办了', '撤回', '撤销', '退出'],
  back: ['上一步', '返回', '后退', '回去', '重新选', '改一下', '说错了', '选错了', '填错了', '上一个'],
  help: ['帮助', '怎么用', '菜单', 'help', '使用说明', '怎么弄', '教程', '咋个用', '怎么操作', '不会用', '咋个弄'],
  status: ['进度', '办得怎么样', '有人管没有', '处理了没', '怎么样了', '有下文', '状态', '我的事', '我反映的', '办好', '办完'],
  human: ['人工', '真人', '找人', '干部', '客服', '机器'],
  thanks: ['谢谢', '感谢', '多谢', '辛苦了', '谢了', '好人'],
  greeting: ['你好', '你们好', '您好', '大家好', '在吗', '在不在', '早上好', '晚上好', '下午好', '哈喽', 'hello', 'hi'],
};

/**
 * Cancel, back, help, status, a person, thanks, greeting — or a report. The model sees the message's
 * n-grams and its length; an unsure or long message is a report, so a description that mentions
 * 进度 is never taken for a question about one's cases.
 */
export function readIntent(model: { classes: string[]; read: Probabilities }, read: ReadText, s: UnderstandingSettings): IntentReading {
  if (read.length === 0) return { intent: 'report', confidence: 1 };
  let p = model.read([{ grams: read.intentGrams, weight: 1 }]);
  if (read.length <= LEXICON_MAX_LENGTH && s.intentWordWeight > 0) {
    const text = read.normalised.toLowerCase();
    const bonus = model.classes.map((c) => (INTENT_WORDS[c as IntentName]?.some((w) => text.includes(w)) ? s.intentWordWeight : 0));
    p = softmax(Float64Array.from(p, (x, i) => Math.log(Math.max(x, 1e-12)) + bonus[i]!));
  }
  let best = 0;
  p.forEach((x, i) => {
    if (x > p[best]!) best = i;
  });
  const intent = model.classes[best] as IntentName;
  const reportAt = model.classes.indexOf('report');
  const asReport = { intent: 'report' as const, confidence: reportAt >= 0 ? p[reportAt]! : 0 };
  if (!INTENTS.includes(intent) || intent === 'report') return { intent: 'report', confidence: p[best]! };
  const needed = read.length > s.longMessage ? s.longIntentThreshold : s.intentThreshold;
  return p[best]! >= needed ? { intent, confidence: p[best]! } : asReport;
}
