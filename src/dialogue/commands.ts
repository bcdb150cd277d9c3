import { normaliseCaseNumber } from '../domain/case-number';
import { recogniseBondCardCommand } from '../cards/bond-card-code';
import { compact, halfWidth } from './parse';

/** What a resident can say at any step, whatever is being asked. */
export type Command =
  | { kind: 'cancel' }
  | { kind: 'back' }
  | { kind: 'help' }
  | { kind: 'myCases' }
  | { kind: 'lookup'; caseNumber: string }
  | { kind: 'lookupMalformed' }
  /** 连心卡 <code>: null when what follows is not a card code. */
  | { kind: 'bondCard'; code: string | null };

type WordCommand = 'cancel' | 'back' | 'help' | 'myCases';

const WORDS: Record<WordCommand, string[]> = {
  cancel: ['取消', '算了', '不报了', '不说了', '不用了', '退出', '不要了', '不反映了', '取消反映', '不弄了'],
  back: ['上一步', '返回', '后退', '上一个', '返回上一步', '回到上一步'],
  help: ['帮助', '怎么用', '菜单', 'help', '使用说明', '怎么弄'],
  myCases: ['我的案件', '我的事办得怎么样了', '进度', '查进度', '我反映的事', '我的诉求', '查询进度', '我的反映', '办得怎么样了', '我反映的事情'],
};

const BY_WORD = new Map<string, WordCommand>(
  (Object.keys(WORDS) as WordCommand[]).flatMap((kind) => WORDS[kind].map((w) => [w, kind] as const)),
);

/** Longer than this, a message is a description or an answer, never a command. */
const MAX_COMMAND_LENGTH = 40;

/** Polite wrapping that does not change the command: 请取消, 我要取消, 取消吧. */
const POLITE = /^(?:请|我要|我想|帮我)|(?:吧|啊|呀|哈|嘛|呢|一下)$/gu;

/**
 * The whole message, tidied (spaces and punctuation dropped, full-width made half-width), is
 * compared, so "我家阴沟堵了，算了不说了…" inside a description is not taken as 取消.
 */
export function recogniseCommand(text: string): Command | null {
  const whole = halfWidth(text);
  if (whole.length > MAX_COMMAND_LENGTH) return null;
  const card = recogniseBondCardCommand(whole);
  if (card) return { kind: 'bondCard', code: card.code };
  if (/^\?+$/.test(whole)) return { kind: 'help' };
  const c = compact(whole);
  const kind = BY_WORD.get(c) ?? BY_WORD.get(c.replace(POLITE, ''));
  if (kind) return { kind };
  return recogniseLookup(whole);
}

/** 查询 GJ-20260226-0042, 查gj20260226 42, or the bare number on its own. */
function recogniseLookup(whole: string): Command | null {
  const m = /^(?:查询|查找|查)(.*)$/su.exec(whole);
  const rest = (m ? m[1]! : whole).replace(/[\s:：,，。]+/g, '');
  if (m && rest === '') return { kind: 'lookupMalformed' };
  // 查一下停水的事: Chinese after 查 is a sentence, not a number.
  if (/\p{Script=Han}/u.test(rest)) return null;
  const caseNumber = normaliseCaseNumber(rest);
  if (caseNumber) return { kind: 'lookup', caseNumber };
  return m ? { kind: 'lookupMalformed' } : null;
}
