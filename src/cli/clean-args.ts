import { cleanText } from '../domain/inbound-text';

/** Longest single argument kept; no option of ours needs more (a classify text included). */
export const MAX_ARG = 2000;

/**
 * The CLI side of the one boundary for hostile text: every argument passes through `cleanText`
 * (NUL and controls removed, lone surrogates replaced, one line, at most MAX_ARG characters)
 * before any command parses it, so nothing a shell can pass reaches the database unclean.
 */
export function cleanArgs(argv: readonly string[]): string[] {
  return argv.map((arg) => cleanText(arg, { singleLine: true, maxLength: MAX_ARG }));
}
