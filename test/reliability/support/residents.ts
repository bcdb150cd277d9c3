import type { InboundHandler } from '../../../src/inbound/handle-inbound';
import type { InboundMessage } from '../../../src/domain/inbound-content';
import { ASKS_CONSENT, ASKS_SAME_CASE } from './child-service';
import { CASE_NUMBER_IN_TEXT } from '../../../src/domain/case-number';

/** Places in 向阳社区 and 团结村 (each has a cadre for drainage), so every report routes. */
const PLACES = ['向阳社区花园路1栋', '向阳社区长征路3号', '团结村3组', '团结村5组'];

/**
 * A whole intake, message by message: description, category (yes), place, households,
 * urgency (yes), phone, confirm. The last is the confirmation.
 */
export function intakeScript(i: number): string[] {
  return [`第${i}户反映：门口阴沟堵塞，污水外流`, '是', PLACES[i % PLACES.length]!, `${(i % 40) + 2}户`, '是', `139${String(10_000_000 + i).slice(-8)}`, '确认'];
}

/** The intake's steps that the script answers, in order (sameCase, asked only for a similar open case, is answered "no" on the way). */
export const SCRIPT_STEPS = ['describe', 'category', 'location', 'households', 'urgency', 'phone', 'confirm'];

/** A case number inside a reply: the pattern src exports. */
export const CASE_NUMBER = CASE_NUMBER_IN_TEXT;

/** A resident talking to the router in-process, as the WeChat channel does. */
export class InprocResident {
  private seq = 0;
  readonly said: string[][] = [];
  constructor(
    readonly handler: Pick<InboundHandler, 'handle'>,
    readonly key: string,
  ) {}

  message(text: string, id = `${this.key}-${++this.seq}`): InboundMessage {
    return { id, channel: 'inproc', senderKey: this.key, content: { kind: 'text', text }, receivedAt: new Date() };
  }

  async say(text: string): Promise<string[] | null> {
    const replies = await this.handler.handle(this.message(text));
    this.said.push(replies ?? []);
    // A privacy notice is agreed to (the message it held is then answered); "the same case?" is no.
    if (replies?.some((r) => ASKS_CONSENT.test(r))) return this.say('同意');
    if (replies?.some((r) => ASKS_SAME_CASE.test(r))) return this.say('不是');
    return replies;
  }
}
