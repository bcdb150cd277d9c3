import type { FlatArea } from '../domain/areas';
import { digitsInPlace } from '../domain/chinese-numbers';
import { halfWidth, trimSeparators } from './parse';

/**
 * Places as residents say them: an area's name ("团结村", "桥头镇"), one of its streets, estates or
 * groups from the district data ("花园路1栋" is in 向阳社区), the name without its suffix ("向阳"),
 * or with a slip of the finger ("团节村"). Pure, over the district's areas.
 */

export type PlaceFound =
  | { kind: 'match'; area: FlatArea; detail: string }
  /** Several areas fit ("3组" is in three villages), or a near miss ("团节村"): the resident picks. */
  | { kind: 'choices'; areas: FlatArea[]; detail: string };

/** Answering the location question ('answer': the rest of the text is the detail) or mentioning a place in a description ('mention'). */
type Mode = 'answer' | 'mention';

const SUFFIXES = ['社区', '街道', '村', '镇', '乡', '区'];
/** A number with its unit after a street or group: 1栋, 2单元, 三楼, 5号. */
const NUMBERED = /^(?:[\d一二三四五六七八九十两]+(?:号楼|号院|栋|幢|号|组|单元|楼|层|排|巷))+/u;

const stem = (name: string): string => {
  const suffix = SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  return suffix ? name.slice(0, -suffix.length) : name;
};

const depth = (a: FlatArea) => a.lineage.length;

/** An area's names without their suffix ("团结" for 团结村), where that leaves a name of its own. */
const shortNames = (a: FlatArea): string[] => [a.name, ...a.aliases].map(stem).filter((s) => s.length >= 2 && s !== a.name);

/** Residents drop an estate's 小区 ("幸福里" for 幸福里小区); kept only when a distinct name of three or more characters remains. */
const ESTATE = '小区';
const estateNames = (a: FlatArea): string[] => [
  ...a.places,
  ...a.places.filter((p) => p.endsWith(ESTATE) && p.length - ESTATE.length >= 3).map((p) => p.slice(0, -ESTATE.length)),
];

/** Deepest first (团结村 over 桥头镇 when both are named), then the longer name, then the earlier. */
function pickDeepest<T extends { area: FlatArea; name: string; index: number }>(hits: T[]): T {
  return hits.reduce((best, h) =>
    depth(h.area) > depth(best.area) || (depth(h.area) === depth(best.area) && (h.name.length > best.name.length || (h.name.length === best.name.length && h.index < best.index))) ? h : best,
  );
}

function findAll(text: string, names: (a: FlatArea) => string[], areas: FlatArea[]) {
  const hits: { area: FlatArea; name: string; index: number }[] = [];
  for (const area of areas) {
    for (const name of names(area)) {
      let index = text.indexOf(name);
      // "1组" is not inside "11组".
      while (index > 0 && /^\d/.test(name) && /\d/.test(text[index - 1]!)) index = text.indexOf(name, index + 1);
      if (index >= 0) hits.push({ area, name, index });
    }
  }
  return hits;
}

/** What follows a name: the place and numbers ("花园路1栋三楼"), in a description; everything else, in an answer. */
function detailAfter(text: string, name: { name: string; index: number }, mode: Mode, keepName: boolean, area: FlatArea, all: FlatArea[]): string {
  if (mode === 'answer') {
    const rest = keepName ? text : text.slice(0, name.index) + ' ' + text.slice(name.index + name.name.length);
    return trimSeparators(rest);
  }
  let at = name.index + name.name.length;
  let detail = keepName ? name.name : '';
  // "向阳社区花园路1栋": a street of the area (or of an area below it) right after the area's name.
  if (!keepName) {
    const below = all.filter((a) => a.lineage.includes(area.code));
    const street = below.flatMap((a) => a.places).filter((p) => text.startsWith(p, at)).sort((x, y) => y.length - x.length)[0];
    if (street) {
      detail = street;
      at += street.length;
    }
  }
  const numbers = NUMBERED.exec(text.slice(at));
  return trimSeparators(detail + (numbers?.[0] ?? ''));
}

/**
 * The area a text names, with the place detail. `prefer`: the resident's own area (bond card),
 * which settles a group number shared by several villages.
 */
export function findPlace(raw: string, all: FlatArea[], mode: Mode, prefer?: FlatArea): PlaceFound | null {
  const text = digitsInPlace(halfWidth(raw));
  if (!text) return null;
  // 1. An area's own name or alias.
  const named = findAll(text, (a) => [a.name, ...a.aliases], all);
  if (named.length > 0) {
    const hit = pickDeepest(named);
    return { kind: 'match', area: hit.area, detail: detailAfter(text, hit, mode, false, hit.area, all) };
  }
  // 1b. A name without its suffix right before a number ("水塘1组", "团结3组"): how villagers say it,
  // and the number makes it a place (水塘 alone is a pond, 团结 a word).
  const numbered = findAll(text, shortNames, all).filter((h) =>
    NUMBERED.test(text.slice(h.index + h.name.length)),
  );
  if (numbered.length > 0) {
    const hit = pickDeepest(numbered);
    return { kind: 'match', area: hit.area, detail: detailAfter(text, hit, mode, false, hit.area, all) };
  }
  // 2. An area's name one character off ("团节村2组"), before its groups, which several villages share.
  if (mode === 'answer') {
    const near = nearAreas(text, all);
    if (near.length > 0) return { kind: 'choices', areas: near.map((n) => n.area), detail: near[0]!.detail };
  }
  // 3. A street, estate or group listed for an area.
  const placed = findAll(text, estateNames, all);
  if (placed.length > 0) {
    const longest = Math.max(...placed.map((h) => h.name.length));
    const best = placed.filter((h) => h.name.length === longest);
    const areas = [...new Map(best.map((h) => [h.area.code, h.area])).values()];
    const mine = prefer && areas.find((a) => a.code === prefer.code);
    const one = mine ?? (areas.length === 1 ? areas[0] : undefined);
    const hit = best.find((h) => h.area === one) ?? best[0]!;
    const detail = detailAfter(text, hit, mode, true, hit.area, all);
    if (one) return { kind: 'match', area: one, detail };
    return { kind: 'choices', areas, detail };
  }
  if (mode === 'mention') return townSaidAsPlace(text, all);
  // 4. A name without its suffix: "向阳", "桥头" (after the streets: 花园路 is in 向阳社区, not 花园社区).
  const stems = findAll(text, (a) => [a.name, ...a.aliases].map(stem).filter((s) => s.length >= 2), all);
  if (stems.length > 0) {
    const areas = [...new Map(stems.map((h) => [h.area.code, h.area])).values()];
    if (areas.length === 1) return { kind: 'match', area: areas[0]!, detail: detailAfter(text, stems[0]!, mode, false, areas[0]!, all) };
    return { kind: 'choices', areas, detail: '' };
  }
  return null;
}

/**
 * A town or subdistrict by its short name, in a description, only where the words around make it a
 * place: "龙潭到城头的公交", "桥头场上", "从龙潭过来". Alone, 桥头 is also the end of any bridge.
 */
const AS_PLACE_AFTER = /^(?:到|那边|这边|那头|这头|场|街上|镇上|过来|过去)/u;
const AS_PLACE_BEFORE = /(?:从|去|到|我们|住)$/u;
function townSaidAsPlace(text: string, all: FlatArea[]): PlaceFound | null {
  const towns = all.filter((a) => a.kind === 'TOWN' || a.kind === 'SUBDISTRICT');
  const hits = findAll(text, shortNames, towns).filter(
    (h) => AS_PLACE_AFTER.test(text.slice(h.index + h.name.length)) || AS_PLACE_BEFORE.test(text.slice(0, h.index)),
  );
  const areas = [...new Map(hits.map((h) => [h.area.code, h.area])).values()];
  return areas.length === 1 ? { kind: 'match', area: areas[0]!, detail: '' } : null;
}

/** A group or a building by its number: what a description says of its place without naming the area ("我们村三组的田"). */
const NUMBERED_PLACE = /\d+(?:组|号楼|栋|幢)/u;
const NUMBERED_PLACE_ONLY = new RegExp(`^${NUMBERED_PLACE.source}$`, 'u');

/**
 * An answer that is only a group or a building by its number ("3组", "三组", "就是5栋"): a place
 * detail said late, not a count of households.
 */
export function numberedPlaceOnly(answer: string): string | null {
  const text = trimSeparators(digitsInPlace(halfWidth(answer))).replace(/^(?:就是|是|我们是|我们)/u, '').replace(/的$/u, '');
  return NUMBERED_PLACE_ONLY.test(text) ? text : null;
}

/**
 * The place detail a description gave for the area the resident then names: its street or group
 * when it points to that area ("花园路1栋" when the answer is 向阳社区), else a group or building by
 * number when it points to no area of its own ("我们村三组的田放不进水" → "3组", a group several
 * villages have). So what the first message said is not lost, nor asked for again.
 */
export function detailInDescription(description: string, area: FlatArea, all: FlatArea[]): string {
  const found = findPlace(description, all, 'mention');
  if (found?.kind === 'match') return found.area.code === area.code ? found.detail : '';
  return NUMBERED_PLACE.exec(digitsInPlace(halfWidth(description)))?.[0] ?? '';
}

/** Areas whose name appears in the text with one character different (same length, same suffix). */
function nearAreas(text: string, all: FlatArea[]): { area: FlatArea; detail: string }[] {
  const out: { area: FlatArea; detail: string }[] = [];
  for (const area of all) {
    const name = area.name;
    const suffix = SUFFIXES.find((s) => name.endsWith(s)) ?? '';
    if (name.length < 3) continue;
    for (let i = 0; i + name.length <= text.length; i++) {
      const window = text.slice(i, i + name.length);
      if (suffix && !window.endsWith(suffix)) continue;
      let diff = 0;
      for (let k = 0; k < name.length && diff <= 1; k++) if (window[k] !== name[k]) diff++;
      if (diff === 1) {
        out.push({ area, detail: trimSeparators(text.slice(0, i) + ' ' + text.slice(i + name.length)) });
        break;
      }
    }
  }
  return out;
}
