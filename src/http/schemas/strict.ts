import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR, parseStrictDate, parseStrictInt } from '../../domain/strict-parse';

/**
 * Zod forms of the strict parsers in domain/strict-parse.ts for query strings: a date or a number
 * that is not exactly one is a 400, never a guess and never a value PostgreSQL refuses (a 500).
 */

/** An ISO date or date-time between MIN_YEAR and MAX_YEAR, kept as text (parse it with `dateOf`). */
export const strictDateText = z
  .string()
  .max(40)
  .refine((s) => parseStrictDate(s) !== null, { error: `must be a date (YYYY-MM-DD or ISO 8601) between ${MIN_YEAR} and ${MAX_YEAR}` });

/** A calendar day, YYYY-MM-DD, between MIN_YEAR and MAX_YEAR. */
export const strictDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day as YYYY-MM-DD' })
  .refine((s) => parseStrictDate(s) !== null, { error: `must be a real day between ${MIN_YEAR} and ${MAX_YEAR}` });

/** The Date of text that `strictDateText` accepted. */
export const dateOf = (text: string): Date => parseStrictDate(text)!;

/** A whole number written in digits, in [min, max] ("0x10", "1e3", "" and " " are refused). */
export const strictInt = (min: number, max: number) =>
  z
    .string()
    .refine((s) => parseStrictInt(s, min, max) !== null, { error: `must be a whole number from ${min} to ${max}` })
    .transform((s) => parseStrictInt(s, min, max)!);
