import fc from 'fast-check';

/**
 * What a hostile or broken HTTP client sends: NUL and other control characters, lone surrogates,
 * XML breakers, wildcards, prototype keys, huge and negative numbers, dates no calendar has.
 */
export const HOSTILE_WORDS = [
  '', ' ', '\u0000', 'a\u0000b', '\u0001\u0002\u001f', '\u007f', '\uFFFE', '\uFFFF', '\uD800', '\uDC00x', ']]>', '<![CDATA[', '<script>alert(1)</script>',
  '&amp;&#0;&#xD800;', '%', '_', '\\', '%_\\', "' OR 1=1 --", '"; DROP TABLE "Case"; --', '__proto__', 'constructor', 'prototype', 'toString',
  '-1', '0', '1', '-0', '1e309', '-1e309', 'NaN', 'Infinity', '0x10', '9007199254740993', '-9223372036854775809', '99999', '1.5', ' 1 ', '١٢٣',
  '-271821-04-20', '275760-09-13', '2026-02-31', '2026-13-01', '0000-00-00', '1969-12-31', '2999-01-01', '2026-11-29T25:61:00Z', 'yesterday',
  'GJ-20260226-0042', 'gj 20260226 42', 'GJ-99999999-999999', 'GJ-XX-XY', 'GJ', 'DRAINAGE', 'HARDSHIP', 'open', 'closed', 'ASSIGNED', 'URGENT',
  'LIVELIHOOD', 'xlsx', 'csv', 'json', 'xml', '向阳社区', '团结村', '阴沟堵塞，污水外流', '😀', '👨‍👩‍👧‍👦', 'ｆｕｌｌ　ｗｉｄｔｈ', 'a'.repeat(5000),
  '阴'.repeat(3000), '../../etc/passwd', '%00', '%2e%2e%2f', 'null', 'undefined', 'true', 'false', '[]', '{}',
];

const units = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Any UTF-16 units, lone surrogates and controls included. */
const rawString = fc.string({ unit: units, maxLength: 24 });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_WORDS) },
  { weight: 3, arbitrary: rawString },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_WORDS), rawString, fc.constantFrom(...HOSTILE_WORDS)).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** A JSON value as a hostile client would post it: wrong types, nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, -1)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, ['a', 'b'], { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }) },
);

/**
 * Percent-encodes any UTF-16 text for a URL, including lone surrogates, which encodeURIComponent
 * refuses: they go out as the bytes of an invalid UTF-8 sequence, as a broken client would send them.
 */
export function encodeHostile(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%ED%${(0xa0 | ((c >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** A query string of known and unknown keys with hostile values. */
export function hostileQuery(keys: string[]): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'a[b]', '') });
  return fc
    .array(fc.tuple(key, hostileString), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`).join('&'));
}

/** Personal numbers that must never leave in a public response. */
export const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
export const ID_NUMBER = /(?<![0-9])\d{17}[\dXx](?![0-9])/;
