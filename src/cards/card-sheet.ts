import QRCode from 'qrcode';
import type { Db } from '../db/client';
import { bondCardLink } from './bond-card-code';
import { BondCardError, listBondCards } from './bond-cards';
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font';
import { encodeGrayPng } from './png-encode';

/** Card cells on the sheet: three across, as many rows as needed; sizes in pixels (~150 dpi). */
const COLUMNS = 3;
const CELL_WIDTH = 420;
const CELL_HEIGHT = 520;
const MARGIN = 40;
const HEADER = 70;
const QR_SCALE = 8;
const QR_QUIET_MODULES = 4;

export type CardSheetDeps = { db: Db; publicBaseUrl: string };

export type CardOnSheet = { code: string; link: string; box: { x: number; y: number; width: number; height: number } };
export type CardSheet = { png: Buffer; width: number; height: number; cards: CardOnSheet[] };

/**
 * The printable sheet of an area's active bond cards as a PNG: per card, a QR code of its link
 * (the web chat opened with the card), the code to type as a friend-request greeting, and the
 * cadre's code, with cut lines. `cards` says where each card is (for tests and cutting tools).
 */
export async function renderCardSheet(deps: CardSheetDeps, opts: { areaCode: string }): Promise<CardSheet> {
  const cards = await listBondCards(deps.db, { area: opts.areaCode, activeOnly: true });
  if (cards.length === 0) throw new BondCardError(`no active bond cards for "${opts.areaCode}"`);
  const rows = Math.ceil(cards.length / COLUMNS);
  const width = MARGIN * 2 + COLUMNS * CELL_WIDTH;
  const height = MARGIN * 2 + HEADER + rows * CELL_HEIGHT;
  const pixels = new Uint8Array(width * height).fill(255);
  const dot = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < width && y < height) pixels[y * width + x] = 0;
  };
  const area = cards[0]!;
  drawText(`LIANXIN ${area.areaCode}  ${cards.length} CARDS`, MARGIN, MARGIN, 4, dot);

  const placed: CardOnSheet[] = [];
  cards.forEach((card, i) => {
    const x = MARGIN + (i % COLUMNS) * CELL_WIDTH;
    const y = MARGIN + HEADER + Math.floor(i / COLUMNS) * CELL_HEIGHT;
    dashedBox(x, y, CELL_WIDTH, CELL_HEIGHT, dot);
    const link = bondCardLink(deps.publicBaseUrl, card.code);
    const qr = QRCode.create(link, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const side = (size + QR_QUIET_MODULES * 2) * QR_SCALE;
    const qx = x + Math.floor((CELL_WIDTH - side) / 2);
    const qy = y + 20;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        if (!qr.modules.get(r, c)) continue;
        const px = qx + (c + QR_QUIET_MODULES) * QR_SCALE;
        const py = qy + (r + QR_QUIET_MODULES) * QR_SCALE;
        for (let dy = 0; dy < QR_SCALE; dy++) for (let dx = 0; dx < QR_SCALE; dx++) dot(px + dx, py + dy);
      }
    }
    const codeScale = 8;
    const codeY = qy + side + 12;
    drawText(card.code, x + Math.floor((CELL_WIDTH - textWidth(card.code, codeScale)) / 2), codeY, codeScale, dot);
    const cadre = card.cadreCode.slice(0, 18);
    drawText(cadre, x + Math.floor((CELL_WIDTH - textWidth(cadre, 3)) / 2), codeY + GLYPH_HEIGHT * codeScale + 14, 3, dot);
    placed.push({ code: card.code, link, box: { x, y, width: CELL_WIDTH, height: CELL_HEIGHT } });
  });
  return { png: encodeGrayPng(pixels, width, height), width, height, cards: placed };
}

/** The sheet as PNG bytes, for the CLI and the dashboard's download button. */
export async function renderCardSheetPng(deps: CardSheetDeps, opts: { areaCode: string }): Promise<Buffer> {
  return (await renderCardSheet(deps, opts)).png;
}

function dashedBox(x: number, y: number, w: number, h: number, dot: (x: number, y: number) => void): void {
  for (let i = 0; i < w; i++) if (i % 12 < 6) {
    dot(x + i, y);
    dot(x + i, y + h - 1);
  }
  for (let j = 0; j < h; j++) if (j % 12 < 6) {
    dot(x, y + j);
    dot(x + w - 1, y + j);
  }
}
