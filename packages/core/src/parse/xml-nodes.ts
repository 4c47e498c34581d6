/** The shapes of the tree `readXml` builds. */
import type { Scopes } from "./xml-names.ts";

/** An attribute: family of its namespace (`""` when unprefixed), local name, decoded value. */
export interface XmlAttribute {
  ns: string;
  local: string;
  value: string;
}

/** Character data: decoded text, or the content of a CDATA section. */
export interface XmlText {
  text: string;
  cdata: boolean;
}

/** An element, with the byte offsets of its start tag's `<` and past its end (its own bytes, for hashing). */
export interface XmlElement {
  ns: string;
  local: string;
  attributes: XmlAttribute[];
  children: (XmlElement | XmlText)[];
  /** The absolute `xml:base` in effect here (its own included); null where none was declared. */
  base: string | null;
  start: number;
  end: number;
  /** On an item or entry: the namespace declarations it inherits (`Scopes.describe`), part of its hash. */
  inherited?: string;
  /** On an item or entry read with `lazyEntries`: how to build its content later (`expandEntry`). */
  deferred?: Deferred;
}

/** What reading an entry's content later needs: the reading state at its start tag. */
export interface Deferred {
  scopes: Scopes;
  rssFamily: string | null;
  holders: number;
  depth: number;
  parentBase: string | null;
}

/** The document's root element and the UTF-8 bytes its offsets refer to. */
export interface XmlDocument {
  root: XmlElement;
  source: Buffer;
  /** The feed's URL, the base of relative `xml:base` values. */
  url: string;
}
