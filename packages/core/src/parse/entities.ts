/** Makes character and entity references in XML text safe for a strict XML parser that expands nothing. */
import htmlEntities from "entities/lib/maps/entities.json" with { type: "json" };
import { isXmlChar } from "../characters.ts";

const XML_ENTITIES = new Set(["amp", "lt", "gt", "quot", "apos"]);
const HTML_ENTITIES = htmlEntities as Record<string, string>;
const REFERENCE = /&(?:#([0-9]{1,10});|#[xX]([0-9a-fA-F]{1,8});|([A-Za-z][A-Za-z0-9]{0,40});)?/g;

/**
 * Rewrites the references of a run of XML text or an attribute value: the five XML entities and valid numeric
 * references stay; HTML named entities (`&nbsp;`, `&eacute;`, the whole HTML5 set) become numeric references;
 * any other name, and a bare `&`, is escaped so it reads literally. Declared entities are never expanded: a
 * reference to one is kept as text. References to characters XML forbids are dropped.
 * @example fixReferences("caf&eacute; &nbsp;&amp; AT&T") // "caf&#233; &#160;&amp; AT&amp;T"
 */
export function fixReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return numeric(Number.parseInt(decimal, 10));
    if (hex !== undefined) return numeric(Number.parseInt(hex, 16));
    if (name === undefined) return "&amp;";
    if (XML_ENTITIES.has(name)) return whole;
    const value = Object.hasOwn(HTML_ENTITIES, name) ? HTML_ENTITIES[name] : undefined;
    if (value === undefined) return `&amp;${name};`;
    let out = "";
    for (const char of value) out += `&#${char.codePointAt(0)};`;
    return out;
  });
}

/**
 * Decodes the references of a run of XML text or an attribute value into the characters they name: the five
 * XML entities, numeric references and the HTML5 named entities (feeds use `&nbsp;` undeclared). Any other
 * name, and a bare `&`, reads literally; declared entities are never expanded; references to characters XML
 * forbids are dropped. Linear in the input.
 * @example decodeReferences("caf&eacute; &amp; AT&T &#x1F600;") // "café & AT&T 😀"
 */
export function decodeReferences(text: string): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  let out = "";
  let from = 0;
  let semicolon = -1;
  while (amp >= 0) {
    if (semicolon <= amp) semicolon = text.indexOf(";", amp + 1);
    // The longest reference is under 44 characters; a farther (or no) semicolon ends none here.
    if (semicolon < 0) break;
    if (semicolon - amp <= 43) {
      const value = referenceValue(text.slice(amp + 1, semicolon));
      if (value !== null) {
        out += text.slice(from, amp) + value;
        from = semicolon + 1;
      }
    }
    amp = text.indexOf("&", amp + 1);
  }
  return from === 0 ? text : out + text.slice(from);
}

const COMMON: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const DECIMAL = /^#[0-9]{1,10}$/;
const HEX = /^#[xX][0-9a-fA-F]{1,8}$/;
const NAME = /^[A-Za-z][A-Za-z0-9]{0,40}$/;

/** The text a reference's body (between `&` and `;`) stands for; null when it is none. */
function referenceValue(body: string): string | null {
  const common = COMMON[body];
  if (common !== undefined) return common;
  if (DECIMAL.test(body)) return character(Number.parseInt(body.slice(1), 10));
  if (HEX.test(body)) return character(Number.parseInt(body.slice(2), 16));
  if (NAME.test(body) && Object.hasOwn(HTML_ENTITIES, body)) return HTML_ENTITIES[body] ?? null;
  return null;
}

function character(code: number): string {
  return isXmlChar(code) ? String.fromCodePoint(code) : "";
}

/** A numeric reference to `code`, or nothing when XML 1.0 does not allow that character. */
function numeric(code: number): string {
  return isXmlChar(code) ? `&#${code};` : "";
}
