/** Rewrites feed XML as the well-formed, entity-free XML a strict parser accepts. */
import { ParseError } from "../errors.ts";
import { fixReferences, stripInvalidXmlChars } from "./entities.ts";
import { Namespaces } from "./xml-names.ts";
import { scanXml, type XmlSink } from "./xml-scan.ts";

/** Cleaned XML, and the root element's name, attributes (`version`, `xml:base`, `xml:lang`) and child names. */
export interface CleanXml {
  xml: string;
  root: { name: string; attributes: Record<string, string>; children: Set<string> };
}

const MAX_DEPTH = 256;
// Elements that carry text or HTML: child markup inside them (Atom xhtml, unescaped HTML) becomes CDATA.
const HTML_HOLDERS = new Set(["title", "subtitle", "tagline", "summary", "content", "description", "content:encoded"]);
const VOID = new Set(["area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "wbr"]);
// Where an item or entry belongs: opening one closes whatever was left open inside its container.
const CONTAINERS = new Map([
  ["item", ["channel", "rdf:RDF"]],
  ["entry", ["feed"]],
]);

/**
 * Cleans XML: drops the DOCTYPE (entity declarations are never read, let alone expanded), comments and
 * processing instructions; removes characters XML forbids; makes entity references safe (see
 * `fixReferences`); quotes and dedupes attributes; gives well-known namespaces their usual prefixes; closes
 * elements left open and drops stray end tags; turns markup inside text elements into CDATA; ignores
 * anything after the root element, and items or entries past `maxEntries`. Runs in linear time.
 * @throws ParseError when there is no root element or nesting is absurdly deep.
 */
export function cleanXml(source: string, options: { maxEntries?: number } = {}): CleanXml {
  const cleaner = new Cleaner(options.maxEntries ?? Number.POSITIVE_INFINITY);
  scanXml(stripInvalidXmlChars(source), cleaner);
  cleaner.closeTo(0);
  if (!cleaner.root) throw new ParseError("malformed XML: no root element");
  return { xml: cleaner.out.join(""), root: cleaner.root };
}

interface Capture {
  /** Stack depth with the capturing element on it. */
  depth: number;
  /** Index in `out` of the capturing element's start tag; its content follows. */
  tag: number;
  attributes: [string, string][];
  markup: boolean;
  cdata: Map<number, string>;
}

class Cleaner implements XmlSink {
  out: string[] = [];
  root: CleanXml["root"] | null = null;
  done = false;
  /** Open elements as written, and as emitted. */
  private written: string[] = [];
  private stack: string[] = [];
  private namespaces = new Namespaces();
  private capture: Capture | null = null;
  private entries = 0;
  /** Depth of the item or entry being left out, if any: nothing inside it is written. */
  private skipping: number | null = null;

  constructor(private readonly maxEntries: number) {}

  text(raw: string): void {
    if (this.stack.length === 0 || this.skipping !== null) return;
    this.out.push(fixReferences(raw).replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
  }

  cdata(raw: string): void {
    if (this.stack.length === 0 || this.skipping !== null) return;
    this.capture?.cdata.set(this.out.length, raw);
    this.out.push(`<![CDATA[${raw}]]>`);
  }

  open(written: string, attributes: [string, string][], selfClosing: boolean): void {
    let name = this.namespaces.rename(written, attributes);
    if (!this.root) {
      if (name === "RDF" || name.endsWith(":RDF")) name = "rdf:RDF";
      this.root = { name, attributes: Object.fromEntries(attributes), children: new Set() };
    } else if (this.stack.length === 1) {
      this.root.children.add(name);
    }
    const containers = CONTAINERS.get(name);
    if (containers) {
      const at = this.stack.findLastIndex((open) => containers.includes(open));
      if (at >= 0) this.closeTo(at + 1);
      if (at >= 0 && ++this.entries > this.maxEntries) this.skipping ??= this.stack.length;
    }
    if (this.skipping !== null) {
      if (!selfClosing) this.push(written, name);
      return;
    }
    this.namespaces.enter(attributes, this.stack.length);
    const capture = this.capture;
    if (capture) capture.markup = true;
    const tag = `<${name}${serialize(attributes)}`;
    if (selfClosing || (capture && VOID.has(name.toLowerCase()))) {
      // HTML has no self-closing syntax for other elements: <div/> would swallow what follows.
      this.out.push(capture && !VOID.has(name.toLowerCase()) ? `${tag}></${name}>` : `${tag}/>`);
      this.namespaces.leave(this.stack.length);
      if (this.stack.length === 0) this.done = true;
      return;
    }
    this.out.push(`${tag}>`);
    if (this.stack.length >= MAX_DEPTH) {
      // HTML leaves many elements open (<p>, <li>); inside text elements they need not be tracked.
      if (capture) return;
      throw new ParseError(`malformed XML: elements nested over ${MAX_DEPTH} deep`);
    }
    this.push(written, name);
    if (!capture && HTML_HOLDERS.has(name)) {
      this.capture = {
        depth: this.stack.length,
        tag: this.out.length - 1,
        attributes,
        markup: false,
        cdata: new Map(),
      };
    }
  }

  close(written: string): void {
    const at = this.written.lastIndexOf(written);
    if (at >= 0) this.closeTo(at);
  }

  /** Closes open elements until `depth` remain. */
  closeTo(depth: number): void {
    while (this.stack.length > depth) {
      const name = this.stack.pop() as string;
      this.written.pop();
      this.namespaces.leave(this.stack.length);
      if (this.skipping !== null) {
        if (this.stack.length === this.skipping) this.skipping = null;
        continue;
      }
      if (this.capture && this.stack.length < this.capture.depth) this.endCapture(this.capture, name);
      this.out.push(`</${name}>`);
    }
    if (this.stack.length === 0 && this.root) this.done = true;
  }

  private push(written: string, name: string): void {
    if (this.stack.length >= MAX_DEPTH) throw new ParseError(`malformed XML: elements nested over ${MAX_DEPTH} deep`);
    this.written.push(written);
    this.stack.push(name);
  }

  /** Replaces the content of a text element holding markup with one CDATA section of its HTML. */
  private endCapture(capture: Capture, name: string): void {
    this.capture = null;
    if (!capture.markup) return;
    const parts = this.out.splice(capture.tag + 1);
    const html = parts.map((part, i) => capture.cdata.get(capture.tag + 1 + i) ?? part).join("");
    this.out.push(`<![CDATA[${html.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`);
    const attributes = capture.attributes.filter(([key]) => key !== "type" && key !== "mode");
    this.out[capture.tag] = `<${name}${serialize([...attributes, ["type", "html"]])}>`;
  }
}

function serialize(attributes: [string, string][]): string {
  let out = "";
  for (const [name, value] of attributes) {
    out += ` ${name}="${fixReferences(value).replaceAll("<", "&lt;").replaceAll('"', "&quot;")}"`;
  }
  return out;
}
