/*
 * Character n-grams (1–3) of a clause: no segmenter, which splits 放不进水 into 放/不/进水 and hurts.
 * Place names arrive masked (NUL) and become one place mark, so 水塘村 never votes for irrigation;
 * digits become 0, so 5栋 and 6栋 are the same feature.
 */

const PLACE_MARK = '@';
const START = '^';
const END = '$';

/** The masked, normalised text as the model reads it. */
export function featureText(masked: string): string {
  return masked
    .toLowerCase()
    .replace(/\u0000+/g, PLACE_MARK)
    .replace(/[0-9]/g, '0');
}

/** Every 1-, 2- and 3-gram of a clause, the clause's start and end marked; single marks are not features. */
export function gramsOf(clause: string, out: string[] = []): string[] {
  const chars = [START, ...clause, END];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== START && c !== END) out.push(c);
    if (i + 1 < chars.length) {
      out.push(c + chars[i + 1]!);
      if (i + 2 < chars.length) out.push(c + chars[i + 1]! + chars[i + 2]!);
    }
  }
  return out;
}

/** A pseudo-feature for the length of a message: intents are short, reports long. */
export function lengthFeature(compactLength: number): string {
  const bucket = compactLength <= 3 ? 'xs' : compactLength <= 6 ? 's' : compactLength <= 12 ? 'm' : compactLength <= 24 ? 'l' : 'xl';
  return `\u0001len:${bucket}`;
}
