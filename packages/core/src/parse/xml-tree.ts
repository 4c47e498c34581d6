/**
 * The one forgiving pass over feed XML: a tree of elements named by namespace family and local name, text
 * decoded, `xml:base` resolved at every element (XML Base, https://www.w3.org/TR/xmlbase/).
 */

import { removeInvalidXmlChars } from "../characters.ts";
import { ParseError } from "../errors.ts";
import { decodeReferences } from "./entities.ts";
import { NS, Scopes } from "./xml-names.ts";
import type { Deferred, XmlAttribute, XmlDocument, XmlElement } from "./xml-nodes.ts";
import { scanXml, type XmlSink } from "./xml-scan.ts";

export type { XmlAttribute, XmlDocument, XmlElement, XmlText } from "./xml-nodes.ts";

const MAX_DEPTH = 256;
// Elements that hold text or HTML: markup inside them is HTML, where void elements never close.
const HOLDERS = new Set(["title", "subtitle", "tagline", "summary", "content", "description", "encoded", "body"]);
const VOID = new Set(["area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "wbr"]);
// Opening an item or entry closes whatever was left open inside its container.
const CONTAINERS = new Map([
  ["item", ["channel", "RDF"]],
  ["entry", ["feed"]],
]);

/**
 * Reads XML (UTF-8 bytes, see `utf8Body`) into a tree, forgiving what publishers get wrong: the DOCTYPE,
 * comments and processing instructions are skipped (entities are never declared, let alone expanded); undeclared
 * HTML entities are read; elements left open are closed by their parent's end tag, and an item or entry by the
 * next one; stray end tags are ignored; void HTML elements inside text elements stay empty. Characters XML forbids
 * are dropped from text and attribute values. With `lazyEntries`, the content of items and entries is neither
 * decoded nor built (the scanner still passes over it): `expandEntry` builds it for those that are read. Items or
 * entries past the first `builtEntries` are deferred whatever `lazyEntries` says: the tree holds every entry, the
 * content of at most `builtEntries` of them (a feed keeps at most that many, `keptEntries`). A deferred entry
 * keeps its children that `builtChild` names (namespace family, local name), built as in one pass: its dates, to
 * rank it without building the rest. Linear in the input.
 * @throws ParseError when there is no root element, nesting is absurdly deep, or the document ends before its
 * root element closes (a truncated body; an RSS body whose `</channel>` closed lacks only `</rss>` and is read).
 */
export function readXml(
  source: Buffer,
  options: {
    url: string;
    builtEntries: number;
    lazyEntries?: boolean;
    builtChild?: (ns: string, local: string) => boolean;
  },
): XmlDocument {
  const builder = new TreeBuilder(source, options.url, options.builtEntries);
  builder.lazy = options.lazyEntries === true;
  builder.builtChild = options.builtChild;
  scanXml(source, builder);
  if (!builder.root) throw new ParseError("malformed XML: no root element");
  // RSS has one channel: a body that ends right after </channel> has lost nothing but </rss>.
  if (!builder.done && !(builder.root.local === "rss" && builder.channelClosed)) {
    throw new ParseError(`malformed XML: the document ends before its root <${builder.rootName}> closes`);
  }
  return { root: builder.root, source, url: options.url };
}

/**
 * The entry `element` with its content built, when `readXml` deferred it (`lazyEntries`): its source span is
 * scanned again in the state its start tag was read in, so it reads exactly as in one pass. Idempotent.
 */
export function expandEntry(document: XmlDocument, element: XmlElement): XmlElement {
  const deferred = element.deferred;
  if (!deferred) return element;
  element.deferred = undefined;
  element.children = buildContent(document, element, deferred);
  return element;
}

/** The children of a deferred entry, read again from its source span in the state its start tag was read in. */
function buildContent(document: XmlDocument, element: XmlElement, deferred: Deferred): XmlElement["children"] {
  const span = document.source.subarray(element.start, element.end);
  const builder = new TreeBuilder(span, document.url, Number.POSITIVE_INFINITY, deferred, element.start);
  scanXml(span, builder);
  builder.finish(element.end);
  return builder.root?.children ?? [];
}

class TreeBuilder implements XmlSink {
  root: XmlElement | null = null;
  rootName = "";
  done = false;
  /** An RSS `channel` was closed by its own end tag, directly under the root, with nothing left open. */
  channelClosed = false;
  private stack: { element: XmlElement; written: string }[] = [];
  private scopes = new Scopes();
  private rssFamily: string | null = null;
  private holders = 0;
  private entries = 0;
  /** Depth of the item or entry being left out or deferred: nothing inside it is kept. */
  private skipping: number | null = null;
  /** Defer the content of items and entries (`expandEntry`). */
  lazy = false;
  /** Children of a deferred entry built all the same (`readXml`). */
  builtChild: ((ns: string, local: string) => boolean) | undefined;
  /** While such a child is open: the depth of its entry, where `skipping` resumes once it closes. */
  private resume: number | null = null;
  /** Depth of the first element read, and the base in effect above it (an entry read again: its ancestors'). */
  private readonly depth0: number = 0;
  private readonly base0: string | null = null;

  constructor(
    /** The bytes being scanned: offsets the scanner reports are offsets in them. */
    private readonly bytes: Buffer,
    private readonly url: string,
    /** Entries built as they are read; those past it are deferred (`lazy` defers every one). */
    private readonly builtEntries: number,
    from?: Deferred,
    private readonly offset = 0,
  ) {
    if (!from) return;
    this.scopes = from.scopes.snapshot(from.depth);
    this.rssFamily = from.rssFamily;
    this.holders = from.holders;
    this.depth0 = from.depth;
    this.base0 = from.parentBase;
  }

  /** Closes whatever is still open at `end` (an entry read again ends where its first reading ended it). */
  finish(end: number): void {
    this.closeTo(0, end);
  }

  text(from: number, to: number): void {
    const parent = this.stack.at(-1)?.element;
    if (!parent || this.skipping !== null) return;
    const text = decodeReferences(this.read(from, to));
    const last = parent.children.at(-1);
    // Runs split by stray `<` join the text before them.
    if (last && !("local" in last) && !last.cdata) last.text += text;
    else parent.children.push({ text, cdata: false });
  }

  cdata(from: number, to: number): void {
    const parent = this.stack.at(-1)?.element;
    if (parent && this.skipping === null) parent.children.push({ text: this.read(from, to), cdata: true });
  }

  /** The text at `from`…`to` of the bytes scanned, without the characters XML forbids. */
  private read(from: number, to: number): string {
    return removeInvalidXmlChars(this.bytes.toString("utf8", from, to));
  }

  open(written: string, attributes: [string, string][], selfClosing: boolean, from: number, to: number): void {
    const start = from + this.offset;
    const end = to + this.offset;
    this.channelClosed = false;
    let depth = this.stack.length + this.depth0;
    this.scopes.enter(attributes, depth);
    const colon = written.indexOf(":");
    const local = written.slice(colon + 1);
    if (!this.root && this.depth0 === 0) this.decideFallback(written, local, colon);
    const ns = this.family(colon < 0 ? "" : written.slice(0, colon));
    if (this.skipping !== null && this.stack.length === this.skipping + 1 && this.builtChild?.(ns, local)) {
      this.resume = this.skipping;
      this.skipping = null;
    }
    const containers = ns === NS.rss || ns === NS.atom ? CONTAINERS.get(local) : undefined;
    let entry = false;
    if (containers) {
      const at = this.stack.findLastIndex(({ element }) => containers.includes(element.local));
      if (at >= 0 && at + 1 < this.stack.length) {
        // Closing the elements left open dropped this element's own declarations: they hold at its new depth.
        this.closeTo(at + 1, start);
        depth = this.stack.length + this.depth0;
        this.scopes.enter(attributes, depth);
      }
      entry = at >= 0 && this.skipping === null;
      if (entry) this.entries++;
    }
    // The reading state before the entry's own declarations, to read its content again from its start tag.
    const deferred: Deferred | undefined =
      entry && (this.lazy || this.entries > this.builtEntries) && !selfClosing
        ? {
            scopes: this.scopes.snapshot(depth),
            rssFamily: this.rssFamily,
            holders: this.holders,
            depth,
            parentBase: null,
          }
        : undefined;
    const inherited = entry ? this.scopes.describe(depth) : undefined;
    const parent = this.stack.at(-1)?.element;
    const element: XmlElement = {
      ns,
      local,
      attributes: attributes.flatMap(([name, value]) => this.attribute(name, value)),
      children: [],
      base: parent ? parent.base : this.base0,
      start,
      end,
    };
    if (inherited !== undefined) element.inherited = inherited;
    if (deferred) deferred.parentBase = element.base;
    const xmlBase = element.attributes.find((a) => a.ns === NS.xml && a.local === "base")?.value;
    if (xmlBase) element.base = resolveBase(xmlBase, element.base ?? this.url);
    if (!this.root) {
      this.root = element;
      this.rootName = written;
    } else if (parent && this.skipping === null) {
      parent.children.push(element);
    }
    const isVoid = this.holders > 0 && VOID.has(local.toLowerCase());
    if (selfClosing || isVoid || (this.holders > 0 && depth >= MAX_DEPTH)) {
      this.scopes.leave(depth);
      if (this.stack.length === 0) this.done = true;
      this.resumeSkipping();
      return;
    }
    if (depth >= MAX_DEPTH) throw new ParseError(`malformed XML: elements nested over ${MAX_DEPTH} deep`);
    if (HOLDERS.has(local)) this.holders++;
    if (deferred) {
      element.deferred = deferred;
      this.skipping = this.stack.length;
    }
    this.stack.push({ element, written });
  }

  close(written: string, from: number, to: number): void {
    const at = this.stack.findLastIndex((open) => open.written === written);
    if (at < 0) return;
    this.closeTo(at + 1, from + this.offset);
    this.closeTo(at, to + this.offset);
    this.channelClosed = at === 1 && this.stack.length === 1 && written.endsWith("channel");
  }

  /** Closes open elements until `depth` remain; they end at `end`. */
  private closeTo(depth: number, end: number): void {
    while (this.stack.length > depth) {
      const { element } = this.stack.pop() as { element: XmlElement };
      element.end = end;
      if (HOLDERS.has(element.local)) this.holders--;
      this.scopes.leave(this.stack.length + this.depth0);
      if (this.skipping !== null && this.stack.length <= this.skipping) this.skipping = null;
      this.resumeSkipping();
    }
    if (this.stack.length === 0) this.done = true;
  }

  /** Once a child a deferred entry keeps has closed, skips the rest of its entry again (none once that closed too). */
  private resumeSkipping(): void {
    if (this.resume === null || this.stack.length > this.resume + 1) return;
    if (this.stack.length > this.resume) this.skipping = this.resume;
    this.resume = null;
  }

  /** A root in no namespace named `feed` makes unqualified elements Atom; a root `rss` names RSS's own family. */
  private decideFallback(written: string, local: string, colon: number): void {
    if (colon < 0 && local === "feed" && this.scopes.resolve("") === NS.rss) this.scopes.fallback = NS.atom;
    if (local === "rss") {
      const family = this.scopes.resolve(colon < 0 ? "" : written.slice(0, colon));
      if (family !== NS.rss) this.rssFamily = family;
    }
  }

  private family(prefix: string): string {
    const family = this.scopes.resolve(prefix);
    return family === this.rssFamily ? NS.rss : family;
  }

  private attribute(name: string, value: string): XmlAttribute[] {
    if (name === "xmlns" || name.startsWith("xmlns:")) return [];
    const colon = name.indexOf(":");
    const ns = colon < 0 ? "" : this.family(name.slice(0, colon));
    return [{ ns, local: name.slice(colon + 1), value: decodeReferences(removeInvalidXmlChars(value)) }];
  }
}

/** `reference` resolved against `base`; the base itself when the reference is not a URL. */
function resolveBase(reference: string, base: string): string {
  try {
    return new URL(reference.trim(), base).href;
  } catch {
    return base;
  }
}
