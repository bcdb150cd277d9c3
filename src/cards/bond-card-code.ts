import { randomInt } from 'node:crypto';

/**
 * A bond card's code: six characters from an alphabet without look-alikes (no 0/O, 1/I/L), at
 * least one digit so ordinary words in a friend-request greeting are not taken for a code. Codes
 * are printed on the card and are not secrets.
 */
export const BOND_CARD_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BOND_CARD_CODE_LENGTH = 6;

const VALID = new RegExp(`^[${BOND_CARD_ALPHABET}]{${BOND_CARD_CODE_LENGTH}}$`);

export function newBondCardCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < BOND_CARD_CODE_LENGTH; i++) code += BOND_CARD_ALPHABET[randomInt(BOND_CARD_ALPHABET.length)];
    if (isBondCardCode(code)) return code;
  }
}

export function isBondCardCode(code: string): boolean {
  return VALID.test(code) && /\d/.test(code) && /[A-Z]/.test(code);
}

/** `k7m2q9`, `Ｋ７Ｍ２Ｑ９`, `K7M 2Q9` → K7M2Q9, or null. */
export function normaliseBondCardCode(text: string): string | null {
  const code = text.normalize('NFKC').replace(/[\s\-_]/g, '').toUpperCase();
  return isBondCardCode(code) ? code : null;
}

/** `连心卡 K7M2Q9` (any spacing, full-width, 连心卡: …), or `连心卡` with something that is not a code. */
export function recogniseBondCardCommand(text: string): { code: string | null } | null {
  const m = /^\s*(?:干群)?连心卡\s*(?:号|编号)?[\s:：]*(.*?)\s*$/su.exec(text.normalize('NFKC'));
  if (!m) return null;
  return { code: normaliseBondCardCode(m[1] ?? '') };
}

/** A code somewhere in a friend-request greeting ("我是张三 K7M2Q9", "连心卡K7M2Q9"), or null. */
export function findBondCardCode(greeting: string): string | null {
  const text = greeting.normalize('NFKC').toUpperCase();
  for (const m of text.matchAll(/(?<![A-Z0-9])([A-Z0-9]{6})(?![A-Z0-9])/g)) {
    if (isBondCardCode(m[1]!)) return m[1]!;
  }
  return null;
}

/** Where the card's QR code leads: the web chat, opened with the card. */
export function bondCardLink(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/chat?card=${encodeURIComponent(code)}`;
}
