import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CARD_HEIGHT, CARD_WIDTH, CARDS_PER_PAGE, COLUMNS, ROWS } from '../../src/cards/card-sheet-pdf';

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;

/**
 * A PDF card sheet as a reader sees it: its page count and the text of each page (pdf.js through
 * pdf-parse), and every card's QR code decoded (jsQR) from the page rendered at 144 dpi
 * (@napi-rs/canvas), in card order. The reading runs in a child node process (read-pdf-child.cjs).
 */
export async function readCardSheet(pdf: Buffer, cardCount: number): Promise<{ pages: number; pageTexts: string[]; qrLinks: (string | null)[] }> {
  const left = (PAGE_WIDTH - COLUMNS * CARD_WIDTH) / 2;
  const top = (PAGE_HEIGHT - ROWS * CARD_HEIGHT) / 2;
  // The QR code sits at the card's left, below the title band: that square alone, one code per box.
  const boxes = Array.from({ length: cardCount }, (_, i) => {
    const k = i % CARDS_PER_PAGE;
    return { page: Math.floor(i / CARDS_PER_PAGE), x: left + (k % COLUMNS) * CARD_WIDTH + 2, y: top + Math.floor(k / COLUMNS) * CARD_HEIGHT + 27, size: 100 };
  });
  const child = spawn(process.execPath, [join(__dirname, 'read-pdf-child.cjs'), JSON.stringify(boxes), '2'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
    child.stdin.end(pdf);
  });
  if (code !== 0) throw new Error(`reading the PDF failed: ${Buffer.concat(err).toString()}`);
  const read = JSON.parse(Buffer.concat(out).toString()) as { pages: number; pageTexts: string[]; qr: (string | null)[] };
  return { pages: read.pages, pageTexts: read.pageTexts, qrLinks: read.qr };
}
