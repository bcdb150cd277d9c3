import { newBondCardCode } from '../../src/cards/bond-card-code';
import { compileDistrict } from '../../src/config/compile-district';
import { loadDistrictData } from '../../src/config/district';
import { intentOf } from '../../src/dialogue/understand';
import { makeCtx } from './dialogue-fixtures';

/**
 * Found by the embedded test run: a new follower's "连心卡 <code>" (from a bond card's QR code) was
 * read by the trained model as 谢谢 for some codes, and the card was never presented.
 */
test('连心卡 <code> and 查询 <case number> are never read as an intent, whatever the code', () => {
  const district = compileDistrict(loadDistrictData());
  const ctx = makeCtx({ recogniseIntent: district.recogniseIntent });
  for (let i = 0; i < 300; i += 1) {
    const code = newBondCardCode();
    expect([code, intentOf(ctx, `连心卡 ${code}`)]).toEqual([code, null]);
    expect(intentOf(ctx, `连心卡${code.toLowerCase()}`)).toBeNull();
  }
  expect(intentOf(ctx, '查询 GJ-20260226-0042')).toBeNull();
  // The intents themselves still are.
  expect(intentOf(ctx, '算了，不报了')).toBe('cancel');
});
