import { householdsIn } from '../../src/dialogue/first-message';
import { largestHouseholdCount } from '../../src/domain/household-count';

/** Found by the reliability suite's scripted residents: "第1户反映" had been read as one household. */
describe('household counts in what residents write', () => {
  it.each([
    ['56户居民和21家门市', 77],
    ['二十几户都遭了', 20],
    ['影响了三十多户', 30],
  ])('counts %s', (text, n) => expect(householdsIn(text)).toBe(n));

  it.each(['第1户反映：门口阴沟堵塞', '我是第三户的', '第12家门市门口'])('takes an ordinal (%s) as no count', (text) => {
    expect(householdsIn(text)).toBeNull();
    expect(largestHouseholdCount(text)).toBeNull();
  });
});
