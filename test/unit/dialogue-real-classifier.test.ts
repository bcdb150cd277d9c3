import { createClassifier } from '../../src/domain/classifier';
import { district, Resident } from './dialogue-fixtures';

/** The same walk-through with the real classifier and the bundled district data. */
test('the sewer report from 向阳社区, classified by the real classifier, files a DRAINAGE case', () => {
  const r = new Resident(null, undefined, { classify: createClassifier(district) });
  r.send('向阳社区花园路的阴沟堵了好几天，污水外流，臭得很');
  expect(r.said).toContain('排水污水');
  // The place was in the first message: shown with the category, not asked again (issue 13, item 6).
  expect(r.said).toContain('地点：向阳社区 花园路');
  const done = r.send('是', '56户', '跳过', '确认');
  const filing = done.effects[0];
  expect(filing?.type).toBe('fileCase');
  if (filing?.type !== 'fileCase') return;
  expect(filing.draft).toMatchObject({ categoryCode: 'DRAINAGE', areaCode: 'GJ-XX-XY', locationText: '花园路', households: 56, phone: null });
  expect(filing.draft.classifierWords).toContain('阴沟');
});
