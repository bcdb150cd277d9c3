import type { Probabilities } from './blend';
import type { ReadText } from './reader';
import type { UnderstandingSettings } from './settings';
import { INTENTS, type IntentName, type IntentReading } from './types';

/**
 * Cancel, back, help, status, a person, thanks, greeting — or a report. The model sees the message's
 * n-grams and its length; an unsure or long message is a report, so a description that mentions
 * 进度 is never taken for a question about one's cases.
 */
export function readIntent(model: { classes: string[]; read: Probabilities }, read: ReadText, s: UnderstandingSettings): IntentReading {
  if (read.length === 0) return { intent: 'report', confidence: 1 };
  const p = model.read([{ grams: [...read.grams, read.lengthGram], weight: 1 }]);
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
