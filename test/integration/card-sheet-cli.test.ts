import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/run-cli';
import { startTestService, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { runCardCommand } from '../../src/cli/card-command';
import { readCardSheet } from '../support/read-card-sheet';

let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let dir: string;
const BASE = 'https://lianxin.example.gov.cn';

beforeAll(async () => {
  // A database of its own: the sheet holds every active card of the area, and other files make cards too.
  scratch = await scratchDb('card_cli', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url });
  dir = mkdtempSync(path.join(tmpdir(), 'lx-card-pdf-'));
});
afterAll(async () => {
  await service.close();
  await scratch.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('lianxin card sheet --format pdf', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(runCardCommand, args, { ...process.env, DATABASE_URL: scratch.url, PUBLIC_BASE_URL: BASE, ...env });

  it('writes the A4 PDF of an area named as people say it, in Chinese, with QR codes that open the web chat', async () => {
    const created = await run(['create', '--area', 'GJ-QT-TJ', '--cadre', 'tj-grid', '--count', '3']);
    expect(created.code).toBe(0);
    const codes = created.out.trim().split('\n').map((l) => l.split('\t')[0]!);
    const out = path.join(dir, 'cards.pdf');
    const res = await run(['sheet', '--area', '团结村', '--format', 'pdf', '--out', out]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('wrote 3 cards on 1 A4 pages (PDF)');
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const sheet = await readCardSheet(pdf, 3);
    expect(sheet.pages).toBe(1);
    const tjGrid = await service.db.cadre.findUniqueOrThrow({ where: { code: 'tj-grid' } });
    expect(sheet.pageTexts[0]!.match(/干群连心卡/g)).toHaveLength(3);
    expect(sheet.pageTexts[0]).toContain(tjGrid.name);
    expect(sheet.pageTexts[0]).toContain('网格员');
    expect(sheet.pageTexts[0]).toContain(`电话 ${tjGrid.phone}`);
    expect(sheet.qrLinks).toEqual(codes.map((c) => `${BASE}/chat?card=${c}`));
  });

  it('leaves the phone off where the district does not print it, and refuses a format it does not know', async () => {
    const data = JSON.parse(readFileSync(path.join(__dirname, '../../data/districts/gongjing.json'), 'utf8')) as Record<string, unknown>;
    const file = path.join(dir, 'no-phones.json');
    writeFileSync(file, JSON.stringify({ ...data, bondCards: { printPhone: false } }));
    const out = path.join(dir, 'no-phones.pdf');
    const res = await run(['sheet', '--area', 'GJ-QT-TJ', '--cadre', 'tj-grid', '--out', out], { DISTRICT_FILE: file });
    expect(res.code).toBe(0);
    const sheet = await readCardSheet(readFileSync(out), 0);
    expect(sheet.pageTexts[0]).toContain('卡号');
    expect(sheet.pageTexts[0]).not.toContain('电话');
    expect(sheet.pageTexts[0]).not.toMatch(/1[3-9]\d{9}/);
    const bad = await run(['sheet', '--area', 'GJ-QT-TJ', '--format', 'docx', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be pdf or png');
    expect((await run(['sheet', '--area', '没有这个村', '--out', out])).err).toContain('no area');
  });
});
