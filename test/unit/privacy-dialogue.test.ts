import { afterEffect, step } from '../../src/dialogue/intake';
import { isConsent, isDecline } from '../../src/dialogue/privacy';
import type { Session } from '../../src/dialogue/types';
import { findBondCardCode, isBondCardCode, newBondCardCode, normaliseBondCardCode, recogniseBondCardCommand } from '../../src/cards/bond-card-code';
import { privacyTexts } from '../../src/messages/zh-CN';
import { makeCtx, SEWER, T0, text } from './dialogue-fixtures';

const ctx = makeCtx({ requireConsent: true });

describe('bond card codes', () => {
  it('are six characters without look-alikes, with a digit and a letter', () => {
    for (let i = 0; i < 200; i++) expect(isBondCardCode(newBondCardCode())).toBe(true);
    expect(isBondCardCode('WECHAT')).toBe(false);
    expect(isBondCardCode('K7M2Q0')).toBe(false);
  });

  it('are found in a friend-request greeting and in 连心卡 <code>, in any width and case', () => {
    expect(findBondCardCode('我是张三K7M2Q9')).toBe('K7M2Q9');
    expect(findBondCardCode('我是 wechat 用户')).toBeNull();
    expect(normaliseBondCardCode('ｋ７ｍ２ｑ９')).toBe('K7M2Q9');
    expect(recogniseBondCardCommand('连心卡：k7m 2q9')).toEqual({ code: 'K7M2Q9' });
    expect(recogniseBondCardCommand('连心卡 你好')).toEqual({ code: null });
    expect(recogniseBondCardCommand('阴沟堵了')).toBeNull();
  });
});

describe('the privacy notice in the dialogue', () => {
  it('shows the notice first, keeps nothing but the message, and answers it once the resident agrees', () => {
    const first = step(null, text(SEWER), ctx);
    expect(first.replies).toEqual([privacyTexts.notice]);
    expect(first.effects).toEqual([]);
    expect(first.session.intake).toBeNull();
    const agreed = step(first.session, text('同意'), { ...ctx, now: T0 + 1000 });
    expect(agreed.effects[0]).toEqual({ type: 'recordConsent' });
    expect(agreed.replies[0]).toBe(privacyTexts.thanks);
    expect(agreed.session.intake?.step).toBe('category');
    expect(agreed.session.privacy?.agreedAt).toBe(T0 + 1000);
  });

  it('hears a yes or a no the way people wrap it (好吧同意, 那就同意嘛, 我不同意哈), and nothing else as one', () => {
    for (const yes of ['同意', '好吧同意', '那就同意嘛', '嗯嗯 同意', '同意同意！', '好吧', '行吧', '要得', '可以的', '是的', '我同意的', '没问题', 'OK']) expect([yes, isConsent(yes)]).toEqual([yes, true]);
    for (const no of ['不同意', '我不同意哈', '那还是不同意吧', '不要', '不行啊']) {
      expect([no, isConsent(no)]).toEqual([no, false]);
      expect([no, isDecline(no)]).toEqual([no, true]);
    }
    for (const neither of ['好臭啊 阴沟堵了', '好的我想先问一下', '你们会不会泄露', '同意了吗', '没同意', '']) expect([neither, isConsent(neither)]).toEqual([neither, false]);
    const first = step(null, text(SEWER), ctx);
    const agreed = step(first.session, text('好吧同意'), { ...ctx, now: T0 + 1000 });
    expect(agreed.effects[0]).toEqual({ type: 'recordConsent' });
    expect(agreed.session.intake?.step).toBe('category');
  });

  it('holds the description, not a yes said before the notice was shown (好的同意, then the report, then 同意)', () => {
    const early = step(null, text('好的同意'), ctx);
    expect(early.replies).toEqual([privacyTexts.notice]);
    const described = step(early.session, text(SEWER), ctx);
    const agreed = step(described.session, text('同意'), { ...ctx, now: T0 + 1000 });
    expect(agreed.effects[0]).toEqual({ type: 'recordConsent' });
    expect(agreed.session.intake?.draft.description).toBe(SEWER);
  });

  it('drops everything when the resident declines, and asks again on the next message', () => {
    const first = step(null, text(SEWER), ctx);
    const declined = step(first.session, text('不同意'), ctx);
    expect(declined.replies).toEqual([privacyTexts.declined]);
    expect(declined.effects).toEqual([]);
    expect(JSON.stringify(declined.session)).not.toContain('阴沟');
    expect(step(declined.session, text('确认'), ctx).replies).toEqual([privacyTexts.notice]);
  });

  it('asks for a confirmation before 删除我的信息, then empties the session', () => {
    const agreed: Session = { v: 1, profile: { lastPhone: '13812345678' }, privacy: { agreedAt: T0 }, intake: null, lastActiveAt: T0 };
    const asked = step(agreed, text('删除我的信息'), ctx);
    expect(asked.replies).toEqual([privacyTexts.eraseConfirm]);
    const confirmed = step(asked.session, text('确认删除'), ctx);
    expect(confirmed.effects).toEqual([{ type: 'eraseMyData' }]);
    const after = afterEffect(confirmed.session, { type: 'dataErased', erased: true }, ctx);
    expect(after.replies).toEqual([privacyTexts.erased]);
    expect(JSON.stringify(after.session)).not.toContain('13812345678');
    expect(after.session.privacy).toBeUndefined();
  });

  it('is not required where the context does not ask for it (pure dialogue tests)', () => {
    expect(step(null, text(SEWER), makeCtx()).replies[0]).not.toBe(privacyTexts.notice);
  });
});
