// Reads a PDF from standard input and prints JSON: page count, the text of each page, and the QR
// code decoded in each of the given boxes (page index and a square in points). Run as a child
// process: pdf.js and pngjs run many times slower inside jest's module sandbox than in plain node.
const { PDFParse } = require('pdf-parse');
const { PNG } = require('pngjs');
const jsQR = require('jsqr');

async function main() {
  const boxes = JSON.parse(process.argv[2] || '[]');
  const scale = Number(process.argv[3] || 2);
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const text = await parser.getText();
    const shots = boxes.length ? await parser.getScreenshot({ scale, imageBuffer: true, imageDataUrl: false }) : { pages: [] };
    const pngs = shots.pages.map((p) => PNG.sync.read(Buffer.from(p.data)));
    const qr = boxes.map((b) => {
      const png = pngs[b.page];
      if (!png) return null;
      const x = Math.round(b.x * scale);
      const y = Math.round(b.y * scale);
      const size = Math.round(b.size * scale);
      const crop = new Uint8ClampedArray(size * size * 4);
      for (let r = 0; r < size; r++) {
        const from = ((y + r) * png.width + x) * 4;
        crop.set(png.data.subarray(from, from + size * 4), r * size * 4);
      }
      const found = jsQR(crop, size, size);
      return found ? found.data : null;
    });
    process.stdout.write(JSON.stringify({ pages: text.total, pageTexts: text.pages.map((p) => p.text), qr }));
  } finally {
    await parser.destroy();
  }
}
main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
