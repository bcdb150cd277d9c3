import { cleanText } from '../../domain/inbound-text';
import { parseStrictDate, parseStrictDecimal, parseStrictInt } from '../../domain/strict-parse';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number';
import { Open311Error } from './reply';

/**
 * What Open311 clients send, read strictly: every text through `cleanText` (no NUL byte reaches
 * PostgreSQL, no control character an XML document), numbers and dates with
 * src/domain/strict-parse.ts, and anything else a 400 in the spec's error list.
 */

export const MAX_RESULTS = 1000;
/** No field is longer than a whole body (64 KB): a value is cleaned in full, then measured. */
const MAX_RAW_FIELD = 64 * 1024;
const MAX_PAGE = 10_000;

type Fields = Record<string, unknown>;

/** The body or query as a plain record: a JSON array, string or number is not a request. */
export function asFields(value: unknown, what: 'body' | 'query'): Fields {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Open311Error(400, `the ${what} must be a form or a JSON object`);
  return value as Fields;
}

/**
 * One text field: absent (undefined, or empty after cleaning) or a string within `max`
 * characters. A repeated form field or a JSON object where text belongs is a 400.
 */
export function textField(fields: Fields, name: string, opts: { max: number; multiLine?: boolean }): string | undefined {
  const raw = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new Open311Error(400, `${name} must be given once, as text`);
  // Cleaned in full first (the body limit bounds it), so an over-long value is refused, not cut.
  const text = cleanText(String(raw), { maxLength: MAX_RAW_FIELD, singleLine: !opts.multiLine }).trim();
  if (text.length > opts.max) throw new Open311Error(400, `${name} is too long (at most ${opts.max} characters)`);
  return text === '' ? undefined : text;
}

function decimalField(fields: Fields, name: string, min: number, max: number): number | undefined {
  const raw = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? (Number.isFinite(raw) && raw >= min && raw <= max ? raw : null) : typeof raw === 'string' ? parseStrictDecimal(cleanText(raw), min, max) : null;
  if (n === null) throw new Open311Error(400, `${name} must be a decimal number between ${min} and ${max}`);
  return n;
}

function intField(fields: Fields, name: string, min: number, max: number, fallback: number): number {
  const text = textField(fields, name, { max: 20 });
  if (text === undefined) return fallback;
  const n = parseStrictInt(text, min, max);
  if (n === null) throw new Open311Error(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function dateField(fields: Fields, name: string): Date | undefined {
  const text = textField(fields, name, { max: 40 });
  if (text === undefined) return undefined;
  const at = parseStrictDate(text);
  if (!at) throw new Open311Error(400, `${name} must be an ISO 8601 date between the years 2000 and 2100`);
  return at;
}

/** A comma-separated list of codes or ids, each trimmed, empty ones dropped. */
const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export type ListQuery = {
  apiKey: string | undefined;
  /** Case numbers asked for; when given, the other filters are ignored (the spec). */
  ids: string[] | null;
  serviceCodes: string[];
  startDate: Date | undefined;
  endDate: Date | undefined;
  status: 'open' | 'closed' | null;
  page: number;
  pageSize: number;
};

export function readListQuery(query: unknown): ListQuery {
  const q = asFields(query, 'query');
  const status = textField(q, 'status', { max: 20 });
  if (status !== undefined && !/^(open|closed)(,(open|closed))?$/.test(status)) throw new Open311Error(400, 'status must be open, closed or open,closed');
  const statuses = new Set(list(status));
  const ids = textField(q, 'service_request_id', { max: 20_000 });
  return {
    apiKey: textField(q, 'api_key', { max: 200 }),
    // A string that is not a case number cannot name one: it is simply not found.
    ids: ids === undefined ? null : list(ids).filter((id) => CASE_NUMBER_PATTERN.test(id)).slice(0, MAX_RESULTS),
    serviceCodes: list(textField(q, 'service_code', { max: 2000 })),
    startDate: dateField(q, 'start_date'),
    endDate: dateField(q, 'end_date'),
    status: statuses.size === 1 ? (statuses.has('closed') ? 'closed' : 'open') : null,
    page: intField(q, 'page', 1, MAX_PAGE, 1),
    pageSize: intField(q, 'page_size', 1, MAX_RESULTS, MAX_RESULTS),
  };
}

export type PostFields = {
  serviceCode: string;
  description: string;
  addressString: string | undefined;
  addressId: string | undefined;
  lat: number | undefined;
  long: number | undefined;
  phone: string | null;
  email: string | undefined;
  deviceId: string | undefined;
  accountId: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
};

export function readPostFields(fields: Fields): PostFields {
  const serviceCode = textField(fields, 'service_code', { max: 40 });
  if (!serviceCode) throw new Open311Error(400, 'service_code is required');
  const description = textField(fields, 'description', { max: 2000, multiLine: true });
  if (!description || description.length < 4) throw new Open311Error(400, 'description is required (at least 4 characters)');
  const lat = decimalField(fields, 'lat', -90, 90);
  const long = decimalField(fields, 'long', -180, 180);
  if ((lat === undefined) !== (long === undefined)) throw new Open311Error(400, 'lat and long must be given together');
  const phoneText = textField(fields, 'phone', { max: 30 })?.replace(/[\s-]/g, '');
  if (phoneText !== undefined && !/^(\+?86)?1[3-9]\d{9}$/.test(phoneText)) throw new Open311Error(400, 'phone must be a mainland mobile number');
  return {
    serviceCode,
    description,
    addressString: textField(fields, 'address_string', { max: 200 }),
    addressId: textField(fields, 'address_id', { max: 40 }),
    lat,
    long,
    phone: phoneText ? phoneText.replace(/^\+?86/, '') : null,
    email: textField(fields, 'email', { max: 200 }),
    deviceId: textField(fields, 'device_id', { max: 200 }),
    accountId: textField(fields, 'account_id', { max: 200 }),
    firstName: textField(fields, 'first_name', { max: 50 }),
    lastName: textField(fields, 'last_name', { max: 50 }),
  };
}

/** A case number as a path names it (`requests/{id}.json`), or null when it cannot be one. */
export function requestIdFromPath(name: string): string | null {
  const id = cleanText(name, { maxLength: 100, singleLine: true }).trim();
  return CASE_NUMBER_PATTERN.test(id) ? id : null;
}
