import { loadDistrictData } from '../../src/config/district';
import { grassrootsAreas } from '../../src/domain/areas';
import type { InboundContent } from '../../src/domain/inbound-content';
import { step } from '../../src/dialogue/intake';
import type { DialogueClassification, DialogueContext, Session, TurnResult } from '../../src/dialogue/types';

export const district = loadDistrictData();
export const areas = grassrootsAreas(district.areas);
export const T0 = Date.UTC(2026, 1, 26, 2, 0, 0); // 2026-02-26 10:00 in Zigong
export const MINUTE = 60_000;
export const IDLE = 30 * MINUTE;

/** A stand-in for src/domain/classifier.ts: a few words, so these tests do not depend on it. */
export function fakeClassify(text: string): DialogueClassification {
  if (/着火|起火|塌了/.test(text)) return { category: 'HOUSING_SAFETY', priority: 'URGENT', words: ['着火'], emergency: true };
  if (/阴沟|污水/.test(text)) {
    const raised = /外流/.test(text);
    return { category: 'DRAINAGE', priority: 'SERIOUS', words: raised ? ['阴沟', '外流'] : ['阴沟'], emergency: false };
  }
  if (/灌溉|放水|水渠/.test(text)) return { category: 'IRRIGATION', priority: 'SERIOUS', words: ['灌溉'], emergency: false };
  if (/垃圾/.test(text)) {
    // Like the real classifier: words such as 很多户 raise a category's default.
    const raised = /很多户/.test(text);
    return { category: 'SANITATION', priority: raised ? 'SERIOUS' : 'MINOR', words: raised ? ['垃圾', '很多户'] : ['垃圾'], emergency: false };
  }
  if (/路灯/.test(text)) return { category: 'ROADS', priority: 'DEFERRABLE', words: ['路灯'], emergency: false };
  return { category: 'OTHER', priority: 'MINOR', words: [], emergency: false };
}

export function makeCtx(over: Partial<DialogueContext> = {}): DialogueContext {
  return {
    now: T0,
    messageId: 'm0',
    idleTimeoutMs: IDLE,
    categories: district.categories,
    priorities: district.priorities,
    areas,
    classify: fakeClassify,
    ...over,
  };
}

export const text = (t: string): InboundContent => ({ kind: 'text', text: t });

/**
 * A resident typing one message after another, a minute apart; `turns` keeps every result and
 * `session` the latest. Strings are text messages.
 */
export class Resident {
  session: Session | null;
  turns: TurnResult[] = [];
  now: number;
  private seq = 0;

  constructor(session: Session | null = null, now = T0, readonly over: Partial<DialogueContext> = {}) {
    this.session = session;
    this.now = now;
  }

  ctx(): DialogueContext {
    return makeCtx({ now: this.now, messageId: `m${this.seq}`, ...this.over });
  }

  send(...inputs: (string | InboundContent)[]): TurnResult {
    let last: TurnResult | undefined;
    for (const input of inputs) {
      this.seq += 1;
      this.now += MINUTE;
      last = step(this.session, typeof input === 'string' ? text(input) : input, this.ctx());
      this.session = last.session;
      this.turns.push(last);
    }
    if (!last) throw new Error('send at least one message');
    return last;
  }

  get intake() {
    return this.session?.intake ?? null;
  }

  get stepName() {
    return this.session?.intake?.step ?? null;
  }

  /** Every reply of the last turn, joined: for `toContain` checks. */
  get said(): string {
    return this.turns[this.turns.length - 1]?.replies.join('\n') ?? '';
  }
}

export const SEWER = '小区的阴沟堵了好几天，污水外流，臭得很';
export const IRRIGATION = '水渠垮了，放不进水，秧田没法灌溉';
