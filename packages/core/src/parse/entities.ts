/** Character and entity references in XML text, decoded the way publishers mean them. */
import htmlEntities from "entities/lib/maps/entities.json" with { type: "json" };
import { isXmlChar } from "../characters.ts";

const HTML_ENTITIES = htmlEntities as Record<string, string>;

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
  // Pieces joined once: a string grown by `+=` slows down more than linearly with many references (strings.ts).
  const pieces: string[] = [];
  let from = 0;
  let semicolon = -1;
  while (amp >= 0) {
    if (semicolon <= amp) semicolon = text.indexOf(";", amp + 1);
    // The longest reference is under 44 characters; a farther (or no) semicolon ends none here.
    if (semicolon < 0) break;
    if (semicolon - amp <= 43) {
      const value = referenceValue(text.slice(amp + 1, semicolon));
      if (value !== null) {
        pieces.push(text.slice(from, amp), value);
        from = semicolon + 1;
      }
    }
    amp = text.indexOf("&", amp + 1);
  }
  if (pieces.length === 0) return text;
  pieces.push(text.slice(from));
  return pieces.join("");
}

// A Map, not an object: a reference named like an object's property (`&constructor;`) names nothing.
const COMMON = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);
const DECIMAL = /^#[0-9]{1,10}$/;
const HEX = /^#[xX][0-9a-fA-F]{1,8}$/;
const NAME = /^[A-Za-z][A-Za-z0-9]{0,40}$/;

/** The text a reference's body (between `&` and `;`) stands for; null when it is none. */
function referenceValue(body: string): string | null {
  const common = COMMON.get(body);
  if (common !== undefined) return common;
  if (DECIMAL.test(body)) return character(Number.parseInt(body.slice(1), 10));
  if (HEX.test(body)) return character(Number.parseInt(body.slice(2), 16));
  if (NAME.test(body) && Object.hasOwn(HTML_ENTITIES, body)) return HTML_ENTITIES[body] ?? null;
  return null;
}

function character(code: number): string {
  return isXmlChar(code) ? String.fromCodePoint(code) : "";
}
