import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

/** Anyone the tests talk as: a mock WeChat contact, a web chat visitor. */
export type Talker = { say(text: string): Promise<string[]> };

/** Says each line in turn, waiting for the answer; resolves with the replies to each line. */
export async function converse(who: Talker, lines: string[]): Promise<string[][]> {
  const replies: string[][] = [];
  for (const line of lines) replies.push(await who.say(line));
  return replies;
}

/** The case number in a turn's replies (the pattern src exports); throws with the replies when there is none. */
export function caseNumberIn(replies: string[] | string): string {
  const text = typeof replies === 'string' ? replies : replies.join('\n');
  const m = CASE_NUMBER_IN_TEXT.exec(text);
  if (!m) throw new Error(`no case number in: ${typeof replies === 'string' ? replies : replies.join(' | ')}`);
  return m[0];
}
