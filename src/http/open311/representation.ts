import { XMLBuilder } from 'fast-xml-parser';
import type { District } from '../../domain/district';
import { xmlSafe } from '../../domain/inbound-text';
import { redactForPublic } from '../../privacy/redact-public';
import { w3cDateTime } from '../../domain/time';

/**
 * Open311 GeoReport v2 field names and formats; nothing personal about the resident leaves here:
 * no name, phone or account field, and every free text (description, address, status notes)
 * through `redactForPublic`.
 */
export type Open311Request = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
};

export const CLOSED_STATUSES = ['RESOLVED', 'CLOSED', 'DUPLICATE'] as const;

export type CaseForOpen311 = {
  caseNumber: string;
  status: string;
  category: string;
  description: string;
  locationText: string;
  latitude: number | null;
  longitude: number | null;
  createdAt: Date;
  updatedAt: Date;
  resolveDueAt: Date;
  area: { code: string; name: string };
  events: { type: string; note: string | null }[];
};


/**
 * One case as the spec's request. `names` are the people this case's texts may name (its
 * resident and co-reporters, its assignee, the district's cadres): they are removed with the
 * phone, ID and card numbers, whoever reads.
 */
export function toOpen311(c: CaseForOpen311, district: District, names: readonly (string | null | undefined)[]): Open311Request {
  const redact = (text: string) => redactForPublic(text, { names });
  const latestNote = [...c.events].reverse().find((e) => e.note && (e.type === 'PROGRESS' || e.type === 'RESOLVED' || e.type === 'TRANSFERRED'));
  const closed = (CLOSED_STATUSES as readonly string[]).includes(c.status);
  const tz = district.timeZone;
  return {
    service_request_id: c.caseNumber,
    status: closed ? 'closed' : 'open',
    status_notes: latestNote?.note ? redact(latestNote.note) : null,
    service_name: district.category(c.category).name,
    service_code: c.category,
    description: redact(c.description),
    agency_responsible: `${district.data.district.name}${c.area.name}`,
    service_notice: null,
    requested_datetime: w3cDateTime(c.createdAt, tz),
    updated_datetime: w3cDateTime(c.updatedAt, tz),
    expected_datetime: closed ? null : w3cDateTime(c.resolveDueAt, tz),
    address: c.locationText ? `${c.area.name} ${redact(c.locationText)}` : c.area.name,
    address_id: c.area.code,
    zipcode: null,
    lat: c.latitude,
    long: c.longitude,
    media_url: null,
  };
}

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/**
 * The spec's XML: a root list element holding one element per item, nulls as empty elements.
 * Every text is made XML-safe first (no control character, U+FFFE/U+FFFF or lone surrogate can
 * make the document unreadable); the builder escapes <, >, & and quotes, so `]]>` is only text.
 */
export function toXml(root: string, item: string, rows: Record<string, unknown>[]): string {
  const value = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? xmlSafe(v) : v);
  const clean = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, value(v)])));
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: { [item]: clean } })}`;
}
