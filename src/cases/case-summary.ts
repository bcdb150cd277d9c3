/**
 * What a resident wrote, without the greeting and pleasantries around it ("您好，书记，…谢谢"), for
 * one line of the ledger. The full text stays on the case page. Only whole leading and trailing
 * courtesies are removed, so a description that is nothing but a greeting is kept as written.
 */
const LEADING = /^(?:(?:你好|您好|你们好|在吗|在么|在不在|有人吗|打扰(?:一下|了)|麻烦(?:一下|问下|问一下)|请问(?:一下)?|\p{Script=Han}{0,3}(?:书记|主任|老师|领导|同志|网格员)(?:(?:你|您)?好|(?=[,，:：!！]))|hello|hi|哈喽|嗨|喂|早上好|上午好|中午好|下午好|晚上好|我想(?:反映|反应|问)(?:一下|个事|个问题)?|想反映(?:一下|个事|个问题)?|反映(?:一下|个事|个问题))[\s,，.。!！~～、:：]*)+/iu;
const TRAILING = /(?:[\s,，.。!！~～、]*(?:谢谢(?:你们|您|了)?|多谢|麻烦(?:你们|您)?(?:了|处理一下|帮忙看看)|辛苦了|拜托了|感谢))+[\s,，.。!！~～、]*$/u;

export function withoutGreeting(description: string): string {
  const text = description.trim();
  const stripped = text.replace(LEADING, '').replace(TRAILING, '').trim();
  return stripped.length >= 2 ? stripped : text;
}
