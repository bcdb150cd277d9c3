/** The corpus's three splits (own module: split.ts and readme.ts both use it without importing each other). */
export const SPLITS = ['train', 'dev', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];
