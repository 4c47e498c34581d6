/** Reading the tree `readXml` builds: children by namespace family, text, attributes, text constructs as HTML. */
import { escapeHtml, escapeHtmlAttribute } from "../characters.ts";
import type { XmlElement, XmlText } from "./xml-tree.ts";

/** The child elements of `element` in namespace family `ns` named `local`, in document order. */
export function childrenOf(element: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element?.children ?? []) {
    if ("local" in child && child.local === local && child.ns === ns) out.push(child);
  }
  return out;
}

/** The first child element in namespace family `ns` named `local`. */
export function childOf(element: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  for (const child of element?.children ?? []) {
    if ("local" in child && child.local === local && child.ns === ns) return child;
  }
  return undefined;
}

/** The element's character data (CDATA included), trimmed; null when empty. Child elements are not read. */
export function textOf(element: XmlElement | undefined): string | null {
  if (!element) return null;
  let text = "";
  for (const child of element.children) if (!("local" in child)) text += child.text;
  text = text.trim();
  return text === "" ? null : text;
}

/** The first non-empty text among the elements. */
export function firstText(elements: (XmlElement | undefined)[]): string | null {
  for (const element of elements) {
    const text = textOf(element);
    if (text !== null) return text;
  }
  return null;
}

/**
 * An attribute's value, trimmed; null when absent or empty. `ns` is the attribute's namespace family; an
 * unprefixed name also finds the same name written with the element's own prefix (`<atom:link atom:rel=…>`).
 */
export function attributeOf(element: XmlElement | undefined, local: string, ns = ""): string | null {
  if (!element) return null;
  let found = element.attributes.find((a) => a.local === local && a.ns === ns);
  if (!found && ns === "") found = element.attributes.find((a) => a.local === local && a.ns === element.ns);
  const value = found?.value.trim();
  return value ? value : null;
}

/** `reference` resolved against the `xml:base` in effect at `element`; as written when none or unreadable. */
export function urlAt(element: XmlElement | undefined, reference: string | null): string | null {
  if (reference === null || !element?.base) return reference;
  try {
    return new URL(reference, element.base).href;
  } catch {
    return reference;
  }
}

/**
 * The HTML of a text construct (RFC 4287 §3.1) or of any element holding text or HTML: `type="text"` (and
 * `text/plain`) is escaped into HTML; `xhtml` gives its markup as HTML; anything else is HTML already, as
 * character data or, when the publisher left it unescaped, as child elements (a `text` construct holding
 * child elements too). Atom 0.3 `mode="base64"` is
 * decoded. Null when empty.
 */
export function textConstructHtml(element: XmlElement | undefined, defaultType: "text" | "html"): string | null {
  if (!element) return null;
  const type = (attributeOf(element, "type") ?? defaultType).toLowerCase();
  const mode = attributeOf(element, "mode")?.toLowerCase();
  if (type === "xhtml" || type === "application/xhtml+xml" || mode === "xml") return nonEmpty(markupOf(element));
  if (mode === "base64") {
    const text = textOf(element);
    return text === null ? null : nonEmpty(Buffer.from(text, "base64").toString("utf8"));
  }
  // A text construct that holds child elements was written as unescaped markup: read it as the HTML it is.
  const hasElements = element.children.some((child) => "local" in child);
  if ((type === "text" || type === "text/plain") && !hasElements) {
    const text = textOf(element);
    return text === null ? null : escapeHtml(text);
  }
  return innerHtml(element);
}

/** HTML held by an element: its character data when it has no child elements, else its content as markup. */
export function innerHtml(element: XmlElement | undefined): string | null {
  if (!element) return null;
  if (!element.children.some((child) => "local" in child)) return textOf(element);
  return nonEmpty(markupOf(element));
}

const VOID = new Set(["area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "wbr"]);
const URL_ATTRIBUTES = new Set(["href", "src", "poster", "cite", "background"]);

/**
 * The content of an element as HTML markup: elements by local name whatever their prefix (`xhtml:p` is `p`),
 * text escaped, CDATA as written, URL attributes resolved against the `xml:base` in effect at their element.
 */
export function markupOf(element: XmlElement): string {
  let out = "";
  for (const child of element.children) {
    if (!("local" in child)) {
      out += textHtml(child);
      continue;
    }
    const name = child.local;
    out += `<${name}`;
    for (const attribute of child.attributes) {
      if (attribute.ns !== "" && attribute.ns !== child.ns) continue;
      const value = URL_ATTRIBUTES.has(attribute.local) ? urlAt(child, attribute.value) : attribute.value;
      out += ` ${attribute.local}="${escapeHtmlAttribute(value ?? "")}"`;
    }
    out += ">";
    if (VOID.has(name.toLowerCase())) continue;
    out += `${markupOf(child)}</${name}>`;
  }
  return out;
}

function textHtml(node: XmlText): string {
  return node.cdata ? node.text : escapeHtml(node.text);
}

function nonEmpty(html: string): string | null {
  const trimmed = html.trim();
  return trimmed === "" ? null : trimmed;
}
