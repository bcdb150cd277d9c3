import { runCli } from '../support/run-cli';
import { createDb, type Db } from '../../src/db/client';
import { chooseAssignee } from '../../src/cases/route-case';
import { scratchDb } from '../support/scratch-db';
import { runCadreCommand } from '../../src/cli/cadre-command';

let db: Db;
let url: string;
let drop: () => Promise<void>;
const areaId = async (code: string) => (await db.area.findUniqueOrThrow({ where: { code } })).id;
const cadreId = async (code: string) => (await db.cadre.findUniqueOrThrow({ where: { code } })).id;

beforeAll(async () => {
  ({ url, drop } = await scratchDb('routing', { migrate: true }));
  db = createDb(url, { poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

describe('routing a case to its cadre', () => {
  it('gives it to the area cadre who handles the category', async () => {
    expect((await chooseAssignee(db, { areaId: await areaId('GJ-QT-TJ'), category: 'IRRIGATION' }))?.id).toBe(await cadreId('tj-grid'));
    expect((await chooseAssignee(db, { areaId: await areaId('GJ-QT-TJ'), category: 'DISPUTE' }))?.id).toBe(await cadreId('tj-sec'));
  });

  it('picks the one with the fewest open cases when several match', async () => {
    const area = await areaId('GJ-QT-TJ');
    const extra = await db.cadre.create({
      data: { code: 'tj-grid-2', name: '李二', phone: '13800000199', role: 'GRID_WORKER', areaId: area, categories: ['IRRIGATION'] },
    });
    const busy = await cadreId('tj-grid');
    await db.case.create({
      data: {
        caseNumber: 'GJ-20260101-9001', ledger: 'LIVELIHOOD', category: 'IRRIGATION', priority: 'SERIOUS', status: 'ASSIGNED',
        description: 'x', areaId: area, assigneeId: busy, confirmMessageId: 'routing-1', channel: 'test',
        acceptDueAt: new Date(), resolveDueAt: new Date(),
      },
    });
    expect((await chooseAssignee(db, { areaId: area, category: 'IRRIGATION' }))?.id).toBe(extra.id);
    // A resolved case does not count as load.
    await db.case.updateMany({ where: { caseNumber: 'GJ-20260101-9001' }, data: { status: 'RESOLVED' } });
    expect((await chooseAssignee(db, { areaId: area, category: 'IRRIGATION' }))?.id).toBe(Math.min(busy, extra.id));
    await db.case.deleteMany({ where: { caseNumber: 'GJ-20260101-9001' } });
    await db.cadre.delete({ where: { id: extra.id } });
  });

  it("falls back to the area's lead, then the town's, then the district supervisor", async () => {
    // 水塘村 has only its lead, who handles nothing in particular.
    expect((await chooseAssignee(db, { areaId: await areaId('GJ-QT-ST'), category: 'ROADS' }))?.id).toBe(await cadreId('st-sec'));
    await db.cadre.update({ where: { code: 'st-sec' }, data: { active: false } });
    expect((await chooseAssignee(db, { areaId: await areaId('GJ-QT-ST'), category: 'ROADS' }))?.id).toBe(await cadreId('qt-town-1'));
    await db.cadre.update({ where: { code: 'qt-town-1' }, data: { active: false } });
    expect((await chooseAssignee(db, { areaId: await areaId('GJ-QT-ST'), category: 'ROADS' }))?.id).toBe(await cadreId('gj-sup-1'));
    await db.cadre.updateMany({ where: { code: { in: ['st-sec', 'qt-town-1'] } }, data: { active: true } });
  });

  it('prefers a cadre the resident is tied to, if still active', async () => {
    const preferred = await cadreId('tj-sec');
    expect((await chooseAssignee(db, { areaId: await areaId('GJ-QT-TJ'), category: 'IRRIGATION', preferCadreId: preferred }))?.id).toBe(preferred);
  });
});

describe('lianxin cadre add', () => {
  const run = (args: string[]) => runCli(runCadreCommand, args, { ...process.env, DATABASE_URL: url });

  it('registers a cadre and prints a one-time binding code', async () => {
    const { code, out } = await run(['add', '--name', '赵六', '--phone', '13911112222', '--area', '团结村', '--categories', 'roads,drainage']);
    expect(code).toBe(0);
    const m = /binding code: ([A-Z2-9]{8})/.exec(out);
    expect(m).not.toBeNull();
    const cadre = await db.cadre.findFirstOrThrow({ where: { name: '赵六' }, include: { area: true, bindingCodes: true } });
    expect(cadre).toMatchObject({ phone: '13911112222', categories: ['ROADS', 'DRAINAGE'], role: 'GRID_WORKER' });
    expect(cadre.area.code).toBe('GJ-QT-TJ');
    // Only a hash is kept.
    expect(cadre.bindingCodes[0]!.codeHash).not.toContain(m![1]);
  });

  it.each([
    [['add', '--name', '钱七', '--phone', '123', '--area', '团结村'], /phone/],
    [['add', '--name', '钱七', '--phone', '13911113333', '--area', '月球村'], /area/],
    [['add', '--name', '钱七', '--phone', '13911113333', '--area', '团结村', '--categories', 'SPACE'], /unknown SPACE/],
    [['add', '--bogus'], /Unknown option/],
    [['frobnicate'], /usage/],
  ])('refuses bad input with the reason and adds nobody: %j', async (args, reason) => {
    const before = await db.cadre.count();
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(reason);
    expect(await db.cadre.count()).toBe(before);
  });
});
