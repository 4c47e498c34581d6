/** Reading the nodes xml2js builds: text, attributes, children, Atom text constructs. */

/** An element as xml2js gives it: a bare string, or an object with text (`_`), attributes (`$`) and children. */
export type XmlNode = string | XmlElement;

/** An element with attributes or children. */
export interface XmlElement {
  _?: string;
  $?: Record<string, string>;
  [child: string]: unknown;
}

/** The value as a list of nodes (xml2js gives arrays; anything else is dropped). */
export function nodesOf(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter(
    (node): node is XmlNode => typeof node === "string" || (typeof node === "object" && node !== null),
  );
}

/** The node's text, trimmed; null when empty. */
export function textOf(node: XmlNode | undefined): string | null {
  const text = typeof node === "string" ? node : node?._;
  const trimmed = typeof text === "string" ? text.trim() : "";
  return trimmed === "" ? null : trimmed;
}

/** The first non-empty text among the nodes. */
export function firstText(value: unknown): string | null {
  for (const node of nodesOf(value)) {
    const text = textOf(node);
    if (text !== null) return text;
  }
  return null;
}

/** An attribute of the node, trimmed; null when absent or empty. */
export function attributeOf(node: XmlNode | undefined, name: string): string | null {
  if (typeof node !== "object") return null;
  const value = node.$?.[name]?.trim();
  return value ? value : null;
}

/** The children of the node with that element name. */
export function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  return typeof node === "object" ? nodesOf(node[name]) : [];
}

/**
 * The HTML of an Atom text construct (or any text element): `type="text"` (and `text/plain`) is escaped into
 * HTML, anything else is HTML already (xhtml was turned into HTML by `cleanXml`). Atom 0.3 base64 is decoded.
 */
export function textConstructHtml(node: XmlNode | undefined, defaultType = "html"): string | null {
  let text = textOf(node);
  if (text === null) return null;
  if (attributeOf(node, "mode") === "base64") text = Buffer.from(text, "base64").toString("utf8").trim();
  const type = (attributeOf(node, "type") ?? defaultType).toLowerCase();
  return type === "text" || type === "text/plain" ? escapeHtml(text) : text;
}

/** Escapes text for use as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** Where rss-parser's output keeps the raw nodes of an element (see the custom fields in xml.ts). */
export function rawKey(element: string): string {
  return `raw:${element}`;
}

/** A URL resolved against a base; null when missing or not a URL. */
export function resolveUrl(reference: string | undefined | null, base: string | null): string | null {
  if (!reference?.trim()) return null;
  try {
    return new URL(reference.trim(), base ?? undefined).href;
  } catch {
    return null;
  }
}
