import { step } from '../../src/dialogue/intake';
import { choicesFor } from '../../src/dialogue/choices';
import type { DialogueContext, Session } from '../../src/dialogue/types';
import { makeCtx, SEWER, T0, text } from './dialogue-fixtures';

const ctx = makeCtx({ requireConsent: true });
const at = (n: number): DialogueContext => ({ ...ctx, now: T0 + n * 1000, messageId: `m${n}` });

/** Every choice offered, sent as its reply, is taken as an answer (never "please answer …" again). */
function expectEveryChoiceUnderstood(session: Session, n: number) {
  for (const choice of choicesFor(session, at(n))) {
    const after = step(session, text(choice.reply), at(n + 1));
    const wrong = (after.session.intake?.wrongAnswers ?? 0) > (session.intake?.wrongAnswers ?? 0);
    const asked = JSON.stringify([session.intake?.step, session.privacy]);
    const moved = JSON.stringify([after.session.intake?.step, after.session.privacy]) !== asked || after.effects.length > 0 || after.session.intake === null;
    expect({ choice: choice.label, wrong, moved }).toEqual({ choice: choice.label, wrong: false, moved: true });
  }
}

describe('the choices the dialogue offers', () => {
  it('are the answers each question takes, from the privacy notice to the summary', () => {
    let session = step(null, text(SEWER), at(0)).session;
    expect(choicesFor(session, ctx).map((c) => c.label)).toEqual(['同意', '不同意']);
    const path = ['同意', '是', '4', '跳过', '是', '跳过'];
    const asked: string[] = [];
    for (const [i, answer] of path.entries()) {
      expectEveryChoiceUnderstood(session, i * 2 + 1);
      session = step(session, text(answer), at(i * 2 + 2)).session;
      asked.push(session.intake?.step ?? 'none');
    }
    expect(asked).toEqual(['category', 'location', 'households', 'urgency', 'phone', 'confirm']);
    expect(choicesFor(session, ctx).map((c) => c.label)).toEqual(['确认', '上一步', '取消']);
    expectEveryChoiceUnderstood(session, 99);
  });

  it('offer 确认删除 / 取消 for 删除我的信息, and nothing while the resident describes the problem', () => {
    const agreed = step(step(null, text('你好'), at(0)).session, text('同意'), at(1)).session;
    expect(choicesFor(agreed, ctx)).toEqual([]);
    const erasing = step(agreed, text('删除我的信息'), at(2)).session;
    expect(choicesFor(erasing, ctx).map((c) => c.label)).toEqual(['确认删除', '取消']);
    expect(step(erasing, text('确认删除'), at(3)).effects).toEqual([{ type: 'eraseMyData' }]);
  });
});
