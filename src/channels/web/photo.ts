import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A photo sent from the web chat, held to WeChat's limits for images (10 MB; JPEG, PNG or GIF, the
 * formats WeChat sends as pictures) and stored the way the WeChat channel stores a picture: one
 * file under ATTACHMENTS_DIR, named by a hash of the message id, whose path is the attachment's ref.
 */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTO_MB = MAX_PHOTO_BYTES / (1024 * 1024);

/** What the browser may say it sends; the bytes themselves decide (a renamed file is refused). */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'application/octet-stream'];

type PhotoKind = { mime: string; ext: string };

/** The image format by its magic bytes, or null for anything else (HTML, SVG, PDF …). */
export function photoKindOf(bytes: Buffer): PhotoKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', ext: '.jpg' };
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: '.png' };
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return { mime: 'image/gif', ext: '.gif' };
  return null;
}

/** Writes the photo under `dir`; the same message id always lands in the same file (a retried upload). */
export async function storePhoto(dir: string, messageId: string, bytes: Buffer, kind: PhotoKind): Promise<{ ref: string; mime: string }> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${createHash('sha256').update(`web:${messageId}`).digest('hex').slice(0, 20)}${kind.ext}`);
  await writeFile(file, bytes);
  return { ref: file, mime: kind.mime };
}
