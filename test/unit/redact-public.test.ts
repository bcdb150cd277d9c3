import { redactForPublic } from '../../src/privacy/redact-public';

const DIGITS = /[0-9\uFF10-\uFF19]{5,}/;

describe('redactForPublic: what leaves for the public', () => {
  it.each([
    ['电话13612345678', '电话***'],
    ['电话 136 1234 5678 找我', '电话 *** 找我'],
    ['电话136-1234-5678', '电话***'],
    ['电话136、1234、5678。', '电话***。'],
    ['电话+86 13612345678', '电话***'],
    ['电话＋８６ １３６１２３４５６７８', '电话***'],
    ['手机：１３６１２３４５６７８。', '手机：***。'],
    ['座机0813-8123456', '座机***'],
    ['座机（0813）8123456', '座机（***'],
    ['家里电话8123456', '家里电话***'],
    ['电话一三六一二三四五六七八', '电话***'],
    ['身份证510302199001011234', '身份证***'],
    ['身份证51030219900101123X', '身份证***'],
    ['身份证 510302 19900101 123x 号', '身份证 *** 号'],
    ['卡号6222 0212 3456 7890 123', '卡号***'],
    ['邮箱li.dama@example.com', '邮箱***'],
    ['加我微信 wxid_abc123', '加我微信 ***'],
    ['QQ：12345', 'QQ：***'],
  ])('removes the number in %j', (input, expected) => {
    expect(redactForPublic(input)).toBe(expected);
  });

  it.each([
    ['花园路1栋3单元402', '花园路1栋3单元402'],
    ['欠薪12000元，6户受影响', '欠薪12000元，6户受影响'],
    ['见案件GJ-20260226-0042', '见案件GJ-20260226-0042'],
    ['2026-02-26已疏通', '2026-02-26已疏通'],
    ['2026-02-26T10:00:00+08:00 回访', '2026-02-26T10:00:00+08:00 回访'],
    ['我是向阳社区的居民，阴沟堵了', '我是向阳社区的居民，阴沟堵了'],
    ['村书记已到场，老百姓反映属实', '村书记已到场，老百姓反映属实'],
    ['一共三四户', '一共三四户'],
  ])('keeps what is not personal: %j', (input, expected) => {
    expect(redactForPublic(input)).toBe(expected);
  });

  it.each([
    ['我叫李大妈，电话13612345678', '我叫某，电话***'],
    ['我叫王小明电话13612345678', '我叫某电话***'],
    ['我叫张三住在花园路', '我叫某住在花园路'],
    ['姓名：刘德华。', '姓名：某。'],
    ['联系人是陈红', '联系人是某'],
    ['我是李大妈，', '我是某，'],
    ['我姓黄，住3组', '我姓某，住3组'],
    ['已联系王书记和李大爷', '已联系某书记和某大爷'],
    ['找老张说了', '找老某说了'],
  ])('removes the name in %j', (input, expected) => {
    expect(redactForPublic(input)).toBe(expected);
  });

  it('removes the known names given, and a three-character name’s given name alone', () => {
    const out = redactForPublic('张小兵说小兵会来，欧阳娜娜已到场，区书记在', { names: ['张小兵', '欧阳娜娜', null, 'x'] });
    expect(out).not.toMatch(/张小兵|小兵|欧阳娜娜/);
    expect(out).toBe('某说某会来，某已到场，区书记在');
  });

  it('leaves no run of five or more digits in a hostile mixture', () => {
    const text = '我叫李大妈，电话１３６ １２３４ ５６７８，身份证５１０３０２１９９００１０１１２３Ｘ，座机0813—8123456，卡6222021234567890123';
    const out = redactForPublic(text);
    expect(out).not.toMatch(DIGITS);
    expect(out).not.toMatch(/李大妈/);
  });
});
