/** 138****5678; 0813-***4567: enough for the resident to recognise, not enough to read off. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const [area, local] = phone.split('-');
  if (area && local) return `${area}-${'*'.repeat(Math.max(local.length - 4, 0))}${local.slice(-4)}`;
  return '*'.repeat(Math.max(phone.length - 4, 0)) + phone.slice(-4);
}
