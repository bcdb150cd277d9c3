/** Masking personal data for display and logs: phone numbers and names. Pure. */

const PHONE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g;

/** 138****5678; 0813-***4567: enough for the resident to recognise, not enough to read off. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const [area, local] = phone.split('-');
  if (area && local) return `${area}-${'*'.repeat(Math.max(local.length - 4, 0))}${local.slice(-4)}`;
  return '*'.repeat(Math.max(phone.length - 4, 0)) + phone.slice(-4);
}

/** Every mobile or landline number inside a free text, masked: 138****5678 (what logs and cadres' views keep). */
export function maskPhones(text: string): string {
  return text.replace(PHONE, '$1****$2').replace(LANDLINE, '$1****$2');
}

/** 张小兵 → 张**: keeps the family name so operators can still tell people apart. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
