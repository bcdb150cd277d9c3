import type { AreaInput, DistrictData } from '../config/district-schema';
import { normaliseText } from '../domain/classifier';

/*
 * What of a message is words rather than a place, a number or a phone. A dialogue answer such as
 * 新华路5栋, 幸福里小区, 团结村3组 or 138… is all place and digits; the trained emergency model has
 * seen such places in many emergencies and must not read them as one.
 */

/** What follows a number in a place detail: 5栋, 3单元, 2组, 12号, 6楼. */
const PLACE_UNITS = /[0-9一二三四五六七八九十两几]+\s*(?:栋|幢|单元|组|号|楼|层|室|户|社|队|排|院)?/g;
/** The words around a phone number in an answer: 我的电话是…, 手机号码…. */
const PHONE_WORDS = /电话号码|手机号码|联系电话|联系方式|电话|手机|号码|座机/g;
const NOT_WORDS = /[^\p{Script=Han}a-z]/gu;
/** A message that is only place names, the district's or not (长土镇, 艾叶镇新桥村, 幸福路): an answer. */
const ONLY_PLACES = /^(?:\p{Script=Han}{1,4}?(?:镇|乡|村|社区|街道|小区|路|街|巷))+$/u;

function placesOf(area: AreaInput): string[] {
  return [area.name, ...(area.aliases ?? []), ...(area.places ?? []), ...(area.children ?? []).flatMap(placesOf)];
}

/** The words of a message, with the district's place names and numbered place details left out ('' if only places). */
export function createContent(data: DistrictData): (text: string) => string {
  const places = [...new Set([...placesOf(data.areas), ...data.placeNames].map(normaliseText).filter((p) => p.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let rest = normaliseText(text).toLowerCase();
    for (const p of places) if (rest.includes(p)) rest = rest.split(p).join(' ');
    const words = rest.replace(PHONE_WORDS, ' ').replace(PLACE_UNITS, ' ').replace(NOT_WORDS, '');
    return ONLY_PLACES.test(words) ? '' : words;
  };
}
