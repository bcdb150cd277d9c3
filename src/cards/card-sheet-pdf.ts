import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Db } from '../db/client';
import { cardSheetTexts as t } from '../messages/zh-CN';
import { bondCardLink } from './bond-card-code';
import { BondCardError } from './bond-cards';

/**
 * The printable sheet of bond cards (干群连心卡) as a PDF: A4 portrait, ten business-card-sized
 * cards a page (2 × 5, 85 × 54 mm, the usual 10-up layout of card stock and print shops), cut
 * marks in the margins on every card edge. Each card: the title, the cadre's name and role, the
 * area, the phone where the district prints it, the QR code of the card's link, the code to type
 * as a friend-request greeting, and one line saying how to use it.
 *
 * The Chinese font is Noto Sans Hans (the GB2312 subset of Noto Sans SC, SIL Open Font License
 * 1.1) from the npm package @embedpdf/fonts-sc; pdfkit embeds only the glyphs used.
 */
const MM = 72 / 25.4;
export const CARD_WIDTH = 85 * MM;
export const CARD_HEIGHT = 54 * MM;
export const COLUMNS = 2;
export const ROWS = 5;
export const CARDS_PER_PAGE = COLUMNS * ROWS;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = (PAGE_WIDTH - COLUMNS * CARD_WIDTH) / 2;
const TOP = (PAGE_HEIGHT - ROWS * CARD_HEIGHT) / 2;
const MARK_GAP = 2 * MM;
const MARK_LENGTH = 6 * MM;
const RED = '#c8161d';
const QR_SIZE = 92;
const QR_QUIET_MODULES = 2;

/** Where the font files are: beside the package's entry point, in fonts/. */
const fontDir = () => join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
export const cardFontFiles = () => ({ regular: join(fontDir(), 'NotoSansHans-Regular.otf'), bold: join(fontDir(), 'NotoSansHans-Bold.otf') });

export type PrintedCard = { code: string; cadreName: string; role: string; phone: string | null; areaName: string };
export type CardSheetPdf = { pdf: Buffer; pages: number; cards: { code: string; link: string }[] };

/** The active cards of an area (optionally of one cadre), oldest first, as they are printed. */
export async function cardsToPrint(db: Db, opts: { areaCode: string; cadreCode?: string; printPhone: boolean }): Promise<PrintedCard[]> {
  const rows = await db.bondCard.findMany({
    where: { revokedAt: null, area: { code: opts.areaCode }, cadre: { active: true, ...(opts.cadreCode ? { code: opts.cadreCode } : {}) } },
    orderBy: { id: 'asc' },
    select: { code: true, area: { select: { name: true } }, cadre: { select: { name: true, role: true, phone: true } } },
  });
  return rows.map((r) => ({
    code: r.code,
    cadreName: r.cadre.name,
    role: t.role[r.cadre.role] ?? '',
    phone: opts.printPhone ? r.cadre.phone : null,
    areaName: r.area.name,
  }));
}

/** The sheet for an area's active cards; a BondCardError when there are none. */
export async function renderCardSheetPdf(
  deps: { db: Db; publicBaseUrl: string; printPhone: boolean },
  opts: { areaCode: string; cadreCode?: string },
): Promise<CardSheetPdf> {
  const cards = await cardsToPrint(deps.db, { ...opts, printPhone: deps.printPhone });
  if (cards.length === 0) throw new BondCardError(`no active bond cards for "${opts.areaCode}"`);
  return drawCardSheet(cards, deps.publicBaseUrl);
}

/** Lays the cards out on A4 pages and returns the PDF bytes. */
export async function drawCardSheet(cards: PrintedCard[], publicBaseUrl: string): Promise<CardSheetPdf> {
  const fonts = cardFontFiles();
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: t.documentTitle(cards[0]!.areaName), Creator: 'Lianxin' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('zh', fonts.regular);
  doc.registerFont('zh-bold', fonts.bold);

  const placed: CardSheetPdf['cards'] = [];
  const pages = Math.ceil(cards.length / CARDS_PER_PAGE);
  for (let p = 0; p < pages; p++) {
    doc.addPage({ size: 'A4', margin: 0 });
    cutMarks(doc);
    cards.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE).forEach((card, i) => {
      const x = LEFT + (i % COLUMNS) * CARD_WIDTH;
      const y = TOP + Math.floor(i / COLUMNS) * CARD_HEIGHT;
      const link = bondCardLink(publicBaseUrl, card.code);
      drawCard(doc, card, link, x, y);
      placed.push({ code: card.code, link });
    });
  }
  doc.end();
  return { pdf: await done, pages, cards: placed };
}

function drawCard(doc: PDFKit.PDFDocument, card: PrintedCard, link: string, x: number, y: number): void {
  const pad = 8;
  // The red band with the title, as the district's cards carry it.
  doc.rect(x, y, CARD_WIDTH, 26).fill(RED);
  doc.fillColor('#ffffff');
  fitText(doc, 'zh-bold', t.title, x + pad + 2, y + 5, CARD_WIDTH - 2 * pad, 14);

  drawQr(doc, link, x + pad - 2, y + 30, QR_SIZE);

  const tx = x + pad + QR_SIZE + 4;
  const tw = CARD_WIDTH - (tx - x) - pad;
  doc.fillColor('#111111');
  fitText(doc, 'zh-bold', card.cadreName, tx, y + 33, tw, 13);
  doc.fillColor('#444444');
  fitText(doc, 'zh', card.role, tx, y + 51, tw, 8.5);
  doc.fillColor('#111111');
  fitText(doc, 'zh', card.areaName, tx, y + 64, tw, 9);
  if (card.phone) fitText(doc, 'zh', t.phone(card.phone), tx, y + 78, tw, 9);
  fitText(doc, 'zh-bold', t.code(card.code), tx, y + 96, tw, 12);

  doc.fillColor('#333333');
  fitText(doc, 'zh', t.instruction, x + pad, y + CARD_HEIGHT - 17, CARD_WIDTH - 2 * pad, 7.5);
  doc.fillColor('#000000');
}

/** One line of text at `size`, made smaller (down to 6 pt) if it would not fit in `width`. */
function fitText(doc: PDFKit.PDFDocument, font: string, text: string, x: number, y: number, width: number, size: number): void {
  doc.font(font);
  let s = size;
  while (s > 6 && doc.fontSize(s).widthOfString(text) > width) s -= 0.5;
  doc.fontSize(s).text(text, x, y, { width, lineBreak: false, height: s * 1.4, ellipsis: true });
}

/** The QR code as filled runs of dark modules (one rectangle per run: no hairline gaps when rendered). */
function drawQr(doc: PDFKit.PDFDocument, link: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const unit = size / (n + 2 * QR_QUIET_MODULES);
  const ox = x + QR_QUIET_MODULES * unit;
  const oy = y + QR_QUIET_MODULES * unit;
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(ox + start * unit, oy + r * unit, (c - start) * unit, unit);
    }
  }
  doc.fill('#000000');
}

/** Short lines in the margins on the line of every card edge: where to cut, without lines on the cards. */
function cutMarks(doc: PDFKit.PDFDocument): void {
  doc.save().lineWidth(0.5).strokeColor('#000000');
  const right = LEFT + COLUMNS * CARD_WIDTH;
  const bottom = TOP + ROWS * CARD_HEIGHT;
  for (let c = 0; c <= COLUMNS; c++) {
    const x = LEFT + c * CARD_WIDTH;
    doc.moveTo(x, TOP - MARK_GAP - MARK_LENGTH).lineTo(x, TOP - MARK_GAP).stroke();
    doc.moveTo(x, bottom + MARK_GAP).lineTo(x, bottom + MARK_GAP + MARK_LENGTH).stroke();
  }
  for (let r = 0; r <= ROWS; r++) {
    const y = TOP + r * CARD_HEIGHT;
    doc.moveTo(LEFT - MARK_GAP - MARK_LENGTH, y).lineTo(LEFT - MARK_GAP, y).stroke();
    doc.moveTo(right + MARK_GAP, y).lineTo(right + MARK_GAP + MARK_LENGTH, y).stroke();
  }
  doc.restore();
}
