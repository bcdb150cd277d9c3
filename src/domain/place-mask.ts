import type { AreaInput } from '../config/district-schema';

/* Text as the readers see it: normalised the way phones type, with place names masked. */

/** Masked places become this; it is in no word, and not a clause break. */
const MASK = '\u0000';

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const WHITESPACE = /\s+/g;

export function areaNames(area: AreaInput): string[] {
  return [area.name, ...(area.aliases ?? []), ...(area.children ?? []).flatMap(areaNames)];
}

export function byFirstChar<T>(items: T[], word: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const first = word(item)[0]!;
    map.set(first, [...(map.get(first) ?? []), item]);
  }
  for (const list of map.values()) list.sort((a, b) => word(b).length - word(a).length);
  return map;
}

/** Full-width to half-width, invisible characters dropped, whitespace collapsed: phones type all sorts. */
export function normaliseText(text: string): string {
  return text
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(INVISIBLE, '')
    .replace(WHITESPACE, ' ')
    .trim();
}

/** Every place name (longest first at each position) replaced by NUL characters of the same length. */
export function maskPlaces(text: string, places: Map<string, string[]>): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const place = places.get(text[i]!)?.find((p) => text.startsWith(p, i));
    if (!place) continue;
    out += text.slice(copied, i) + MASK.repeat(place.length);
    i += place.length - 1;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
