import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { xmlSafe } from '../../domain/inbound-text';

/**
 * WeChat's XML, both ways. In: one flat <xml> element of CDATA strings; entity expansion is off
 * and a document type is refused outright (no entity tricks), values stay strings (a MsgId is a
 * 64-bit number). Out: every string in CDATA, split around any "]]>" so text cannot close it.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 8,
});

export class BadXml extends Error {
  override name = 'BadXml';
}

/** The children of the root <xml> element as strings (nested elements, as in menu events, are dropped). */
export function parseWechatXml(body: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new BadXml('document types are not accepted');
  if (XMLValidator.validate(body) !== true) throw new BadXml('not well-formed XML');
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch {
    throw new BadXml('not well-formed XML');
  }
  const root = (parsed as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new BadXml('no <xml> root element');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return out;
}

const cdata = (text: string) => `<![CDATA[${xmlSafe(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** `<xml>` with the given children in order; numbers bare, strings in CDATA. */
export function buildWechatXml(fields: [string, string | number][]): string {
  const body = fields.map(([name, value]) => `<${name}>${typeof value === 'number' ? String(Math.trunc(value)) : cdata(value)}</${name}>`).join('');
  return `<xml>${body}</xml>`;
}

/** A passive reply: one text message back to the resident who just wrote. */
export function passiveTextReply(o: { toUser: string; fromUser: string; createTime: number; text: string }): string {
  return buildWechatXml([
    ['ToUserName', o.toUser],
    ['FromUserName', o.fromUser],
    ['CreateTime', o.createTime],
    ['MsgType', 'text'],
    ['Content', o.text],
  ]);
}
