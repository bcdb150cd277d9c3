import { loadDistrictData } from '../../src/config/district';
import { createClassifier } from '../../src/domain/classifier';

const classify = createClassifier(loadDistrictData());

describe('the classifier', () => {
  it.each([
    ['小区没有化粪池，阴沟堵塞，污水外流', 'DRAINAGE', 'LIVELIHOOD', 'SERIOUS'],
    ['向阳社区花园路1栋的阴沟堵了，污水漫出来，56户居民和21家门市都受影响', 'DRAINAGE', 'LIVELIHOOD', 'SERIOUS'],
    ['团结村3组有一半的田没有水灌溉，两个镇共用一个小水库', 'IRRIGATION', 'LIVELIHOOD', 'SERIOUS'],
    ['我和邻居因为宅基地边界吵架', 'DISPUTE', 'STABILITY', 'SERIOUS'],
    ['家里老人生病没钱看病', 'HARDSHIP', 'HARDSHIP', 'SERIOUS'],
    ['建议在村口多装几个路灯', 'ROADS', 'LIVELIHOOD', 'DEFERRABLE'],
    ['希望社区多组织一些活动，这是我的一点建议和意见', 'SUGGESTION', 'SENTIMENT', 'MINOR'],
    ['村务公开不及时，集体经济收入没人说得清', 'VILLAGE_AFFAIRS', 'VILLAGE_AFFAIRS', 'DEFERRABLE'],
    ['老党员想交党费不知道找谁', 'PARTY_AFFAIRS', 'PARTY_AFFAIRS', 'MINOR'],
    ['垃圾好几天没人清', 'SANITATION', 'LIVELIHOOD', 'MINOR'],
    ['我家房屋墙体开裂，下雨还漏雨', 'HOUSING_SAFETY', 'LIVELIHOOD', 'SERIOUS'],
    ['啊啊啊啊', 'OTHER', 'LIVELIHOOD', 'MINOR'],
  ])('%s → %s in %s, %s', (text, category, ledger, priority) => {
    expect(classify(text)).toMatchObject({ category, ledger, priority });
  });

  it('says which words decided it', () => {
    const result = classify('小区没有化粪池，阴沟堵塞，污水外流');
    expect(result.words).toEqual(expect.arrayContaining(['阴沟', '化粪池', '外流']));
  });

  it.each(['楼下着火了', '老房子垮塌了', '有人受伤流血了', '厨房煤气泄漏', '发洪水了，房子淹了', '有人触电了'])(
    'treats an emergency as urgent: %s',
    (text) => {
      expect(classify(text)).toMatchObject({ priority: 'URGENT', emergency: true });
    },
  );

  it('is not fooled by negation', () => {
    expect(classify('没有着火，就是垃圾没人清')).toMatchObject({ category: 'SANITATION', emergency: false });
    expect(classify('没有着火，就是垃圾没人清').priority).not.toBe('URGENT');
    expect(classify('不是漏水，是邻居吵架').category).toBe('DISPUTE');
    expect(classify('不是下水道的问题，是邻居占地吵架').category).toBe('DISPUTE');
  });

  it('is not fooled by place names that contain category words', () => {
    expect(classify('水塘村的邻居吵架了').category).toBe('DISPUTE');
    const lamp = classify('火石村路灯坏了');
    expect(lamp).toMatchObject({ category: 'ROADS', emergency: false });
    expect(classify('龙潭镇水库村附近的邻居打架').category).toBe('DISPUTE');
  });

  it('raises to serious when many households are affected, in digits or Chinese numerals', () => {
    expect(classify('路面坑洼，影响五十六户出行').priority).toBe('SERIOUS');
    expect(classify('路面坑洼，影响3户出行').priority).toBe('DEFERRABLE');
  });

  it('accepts full-width and messy spacing', () => {
    expect(classify('　阴沟　　堵塞　').category).toBe('DRAINAGE');
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['', ' ', '🙂🙂', '<script>alert(1)</script>', '\u0000\u0007', '阴'.repeat(100_000)]) {
      expect(() => classify(text)).not.toThrow();
    }
  });
});

describe('lianxin classify', () => {
  const { PassThrough } = require('node:stream') as typeof import('node:stream');
  const { runClassifyCommand } = require('../../src/cli/classify-command') as typeof import('../../src/cli/classify-command');

  async function run(args: string[], input = ''): Promise<string[]> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const out: string[] = [];
    stdout.on('data', (c: Buffer) => out.push(c.toString('utf8')));
    stdin.end(input);
    expect(await runClassifyCommand(args, { stdin, stdout })).toBe(0);
    return out.join('').split('\n').filter(Boolean);
  }

  it('prints one JSON object for the text given', async () => {
    const [line, ...rest] = await run(['小区没有化粪池，阴沟堵塞，污水外流']);
    expect(rest).toEqual([]);
    expect(JSON.parse(line!)).toMatchObject({ category: 'DRAINAGE', ledger: 'LIVELIHOOD', priority: 'SERIOUS', words: expect.arrayContaining(['阴沟']) });
  });

  it('reads one text per line from standard input', async () => {
    const lines = await run([], '邻居吵架\n\n楼下着火了\n');
    expect(lines.map((l) => JSON.parse(l).category)).toEqual(['DISPUTE', 'OTHER']);
    expect(JSON.parse(lines[1]!).priority).toBe('URGENT');
  });
});
