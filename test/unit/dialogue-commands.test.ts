import { afterEffect, newSession } from '../../src/dialogue/intake';
import type { InboundContent } from '../../src/domain/inbound-content';
import { IDLE, IRRIGATION, makeCtx, MINUTE, Resident, SEWER, T0 } from './dialogue-fixtures';

const image = (n: number): InboundContent => ({ kind: 'image', ref: `att/${n}.jpg`, mime: 'image/jpeg' });

/** The sewer report answered up to the urgency question. */
const atUrgency = () => {
  const r = new Resident();
  r.send(SEWER, '是', '向阳社区花园路1栋', '56户');
  expect(r.stepName).toBe('urgency');
  return r;
};

describe('取消 at any step', () => {
  test.each(['取消', '算了', '不报了', '不说了', '不用了', '退出', ' 取消！ ', '取消吧', '我要取消'])(
    'a resident who types %p mid-way gets no case and a kind confirmation',
    (word) => {
      const r = atUrgency();
      const turn = r.send(word);
      expect(turn.effects).toEqual([]);
      expect(turn.session.intake).toBeNull();
      expect(r.said).toContain('已取消');
    },
  );

  test('without an intake there is nothing to cancel', () => {
    const r = new Resident();
    r.send('取消');
    expect(r.said).toContain('没有正在填写');
    expect(r.intake).toBeNull();
  });

  test('a long description that mentions 算了 is a description, not a cancellation', () => {
    const r = new Resident();
    r.send('阴沟堵了好久，本来想算了，还是反映一下');
    expect(r.stepName).toBe('category');
  });
});

describe('上一步', () => {
  test('goes back exactly one step and asks that question again', () => {
    const r = atUrgency();
    r.send('上一步');
    expect(r.stepName).toBe('households');
    expect(r.said).toContain('多少户');
    expect(r.intake?.history).toEqual(['describe', 'category', 'location']);
    r.send('返回');
    expect(r.stepName).toBe('location');
    r.send('团结村');
    expect(r.stepName).toBe('households');
    expect(r.intake?.history).toEqual(['describe', 'category', 'location']);
    expect(r.intake?.draft.areaCode).toBe('GJ-QT-TJ');
  });

  test('from the summary back to the phone, then on to the summary again', () => {
    const r = atUrgency();
    r.send('是', '跳过');
    expect(r.stepName).toBe('confirm');
    r.send('后退');
    expect(r.stepName).toBe('phone');
    r.send('13812345678');
    expect(r.said).toContain('13812345678');
    expect(r.stepName).toBe('confirm');
  });

  test('at the first step it says so and asks again', () => {
    const r = new Resident();
    r.send('你好', '上一个');
    expect(r.stepName).toBe('describe');
    expect(r.said).toContain('第一步');
  });
});

describe('帮助', () => {
  test.each(['帮助', '?', '？', '菜单', '怎么用'])('%p shows help, then the current question again', (word) => {
    const r = atUrgency();
    const turn = r.send(word);
    expect(turn.replies).toHaveLength(2);
    expect(turn.replies[0]).toContain('取消');
    expect(turn.replies[0]).toContain('我的案件');
    expect(turn.replies[1]).toContain('有多急');
    expect(r.stepName).toBe('urgency');
  });

  test('without an intake, help then the invitation to describe', () => {
    const r = new Resident();
    r.send('帮助');
    expect(r.said).toContain('说说遇到了什么问题');
  });
});

describe('我的案件 and 查询', () => {
  test.each(['我的案件', '我的事办得怎么样了', '进度', '查进度', '我反映的事', '我的诉求'])(
    '%p mid-intake lists my cases and keeps the step',
    (word) => {
      const r = atUrgency();
      const before = r.intake;
      const turn = r.send(word);
      expect(turn.effects).toEqual([{ type: 'listMyCases' }]);
      expect(turn.session.intake).toEqual(before);
      const after = afterEffect(turn.session, { type: 'myCases', cases: [] }, makeCtx());
      expect(after.replies[after.replies.length - 1]).toContain('有多急');
    },
  );

  test.each([
    ['查询 GJ-20260226-0042', 'GJ-20260226-0042'],
    ['查询GJ-20260226-0042', 'GJ-20260226-0042'],
    ['查 gj-20260226-0042', 'GJ-20260226-0042'],
    ['查询ＧＪ－２０２６０２２６－００４２', 'GJ-20260226-0042'],
    ['查询 GJ 2026 0226 42', 'GJ-20260226-0042'],
    ['GJ-20260226-0042', 'GJ-20260226-0042'],
  ])('%p looks up %s and keeps the step', (message, caseNumber) => {
    const r = atUrgency();
    const turn = r.send(message);
    expect(turn.effects).toEqual([{ type: 'lookupCase', caseNumber }]);
    expect(r.stepName).toBe('urgency');
  });

  test.each(['查询', '查询 12345', '查 GJ-2026-1'])('%p gets the number format explained', (message) => {
    const r = atUrgency();
    const turn = r.send(message);
    expect(turn.effects).toEqual([]);
    expect(turn.replies[0]).toContain('GJ-20260226-0042');
    expect(turn.replies[1]).toContain('有多急');
  });

  test('查 followed by words is not a look-up', () => {
    const r = new Resident();
    const turn = r.send('查一下为什么我们组停水了');
    expect(turn.effects).toEqual([]);
    expect(r.stepName).toBe('category');
  });
});

describe('wrong answers', () => {
  test('each wrong answer says what was expected; the third offers the choices again and how to cancel', () => {
    const r = atUrgency();
    r.send('不晓得');
    expect(r.said).toContain('1 到 4');
    expect(r.intake?.wrongAnswers).toBe(1);
    r.send('嗯嗯嗯嗯');
    expect(r.intake?.wrongAnswers).toBe(2);
    const third = r.send('随便');
    expect(third.replies).toHaveLength(1);
    expect(r.said).toContain('再说一遍');
    expect(r.said).toContain('1. 急');
    expect(r.said).toContain('取消');
    expect(r.intake?.wrongAnswers).toBe(0);
    expect(r.stepName).toBe('urgency');
  });

  test('the count starts again at the next step', () => {
    const r = atUrgency();
    r.send('不晓得', '是');
    expect(r.stepName).toBe('phone');
    expect(r.intake?.wrongAnswers).toBe(0);
  });
});

describe('idle expiry', () => {
  test('an intake left too long is dropped with a kind word; a greeting then gets the welcome', () => {
    const r = atUrgency();
    r.now += IDLE + MINUTE;
    const turn = r.send('你好');
    expect(turn.replies[0]).toContain('作废，没有提交');
    expect(turn.replies[1]).toContain('连心桥');
    expect(r.stepName).toBe('describe');
    expect(r.intake?.draft.description).toBeUndefined();
    expect(turn.effects).toEqual([]);
  });

  test('a description after expiry starts a new intake', () => {
    const r = atUrgency();
    r.now += IDLE + MINUTE;
    r.send(IRRIGATION);
    expect(r.said).toContain('作废');
    expect(r.intake?.draft).toMatchObject({ description: IRRIGATION, categoryCode: 'IRRIGATION' });
    expect(r.intake?.draft.households).toBeUndefined();
  });

  test('within the timeout nothing expires, and lastActiveAt follows the clock', () => {
    const r = atUrgency();
    r.now += IDLE - 2 * MINUTE;
    const turn = r.send('是');
    expect(r.said).not.toContain('作废');
    expect(turn.session.lastActiveAt).toBe(r.now);
  });
});

describe('emergencies', () => {
  test('a description that is an emergency says to call 110/119/120 in that turn', () => {
    const r = new Resident();
    const turn = r.send('隔壁房子着火了，里面好像还有人');
    expect(turn.replies[0]).toMatch(/110.*119.*120/);
    expect(turn.replies[1]).toContain('房屋安全');
    expect(r.intake?.draft).toMatchObject({ emergency: true, suggestedPriority: 'URGENT' });
  });

  test('an emergency is suggested as 急, and filing it repeats the advice even if downgraded', () => {
    const r = new Resident();
    r.send('后山塌了，路堵了', '是', '火石村', '3', '是');
    expect(r.intake?.draft.priority).toBe('URGENT');
    r.send('跳过');
    const turn = r.send('确认');
    const after = afterEffect(turn.session, { type: 'caseFiled', caseNumber: 'GJ-20260226-0001', priority: 'SERIOUS', emergency: true, areaName: '火石村' }, makeCtx());
    expect(after.replies.join('\n')).toMatch(/110.*119.*120/);
  });
});

describe('images', () => {
  test('an image mid-intake is kept, acknowledged, and the question asked again', () => {
    const r = atUrgency();
    const turn = r.send(image(1));
    expect(r.intake?.draft.attachments).toEqual([{ ref: 'att/1.jpg', mime: 'image/jpeg' }]);
    expect(turn.replies[0]).toContain('收到图片');
    expect(turn.replies[1]).toContain('有多急');
    expect(r.stepName).toBe('urgency');
  });

  test('at most nine are kept', () => {
    const r = atUrgency();
    for (let i = 1; i <= 10; i++) r.send(image(i));
    expect(r.intake?.draft.attachments).toHaveLength(9);
    expect(r.said).toContain('最多9张');
  });

  test('an image with no intake starts one at describe, holding the image; it is filed with the case', () => {
    const r = new Resident();
    r.send(image(1));
    expect(r.stepName).toBe('describe');
    expect(r.said).toContain('用文字说说');
    r.send(SEWER, '是', '向阳社区', '跳过', '是', '跳过');
    expect(r.said).toContain('图片：1张');
    const turn = r.send('确认');
    const filing = turn.effects[0];
    expect(filing?.type === 'fileCase' && filing.draft.attachments).toEqual([{ ref: 'att/1.jpg', mime: 'image/jpeg' }]);
  });
});

describe('unsupported input', () => {
  test('a voice message is asked to be typed, and the question follows mid-intake', () => {
    const r = atUrgency();
    const turn = r.send({ kind: 'unsupported', what: 'voice' });
    expect(turn.replies[0]).toBe('暂时听不了语音，请打字告诉我。');
    expect(turn.replies[1]).toContain('有多急');
    expect(r.stepName).toBe('urgency');
  });

  test.each(['video', 'file', 'sticker', 'other'] as const)('%s outside an intake gets a polite request to type', (what) => {
    const r = new Resident();
    const turn = r.send({ kind: 'unsupported', what });
    expect(turn.replies).toHaveLength(1);
    expect(turn.replies[0]).toContain('打字');
    expect(r.intake).toBeNull();
  });
});

describe('the opening', () => {
  test.each(['你好', '您好', '在吗', 'hi', 'Hello', '喂', '您好，在吗？', '嗯'])('%p gets the welcome and the describe step', (greeting) => {
    const r = new Resident();
    r.send(greeting);
    expect(r.said).toContain('连心桥');
    expect(r.stepName).toBe('describe');
  });

  test('other text is taken straight as the description', () => {
    const r = new Resident();
    r.send('你好，我们小区的阴沟堵了');
    expect(r.stepName).toBe('category');
    expect(r.intake?.draft.description).toBe('你好，我们小区的阴沟堵了');
  });

  test('a description that is too short or too long gets its own re-prompt', () => {
    const r = new Resident();
    r.send('你好', '水管');
    expect(r.said).toContain('具体一点');
    r.send('堵'.repeat(1001));
    expect(r.said).toContain('最多1000个字');
    expect(r.stepName).toBe('describe');
  });

  test('a WeChat location with no intake is kept and the problem asked for', () => {
    const r = new Resident(newSession(T0));
    r.send({ kind: 'location', address: '贡井区向阳社区', latitude: null, longitude: null });
    expect(r.said).toContain('收到位置');
    expect(r.intake?.draft.areaCode).toBe('GJ-XX-XY');
  });
});
