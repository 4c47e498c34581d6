/** Namespaces: the URIs feeds use, the short family name each is read by, and the prefixes in scope. */

/** The families of elements the readers know; any other namespace keeps its URI as its family. */
export const NS = {
  /** RSS 0.9x/2.0 (no namespace, or Userland's), RSS 1.0 and RSS 0.90. */
  rss: "rss",
  atom: "atom",
  rdf: "rdf",
  dc: "dc",
  dcterms: "dcterms",
  content: "content",
  media: "media",
  itunes: "itunes",
  xhtml: "xhtml",
  xml: "xml",
  /** The RSS 1.0 syndication module (`sy:updatePeriod`, `sy:updateFrequency`). */
  sy: "sy",
} as const;

// Namespace URI → family. Compared without a trailing slash or "#", in lower case.
const FAMILIES = new Map<string, string>([
  ["http://backend.userland.com/rss2", NS.rss],
  ["http://blogs.law.harvard.edu/tech/rss", NS.rss],
  ["http://purl.org/rss/1.0", NS.rss],
  ["http://my.netscape.com/rdf/simple/0.9", NS.rss],
  ["http://www.w3.org/2005/atom", NS.atom],
  ["http://purl.org/atom/ns", NS.atom],
  ["http://www.w3.org/1999/02/22-rdf-syntax-ns", NS.rdf],
  ["http://purl.org/dc/elements/1.1", NS.dc],
  ["http://purl.org/dc/terms", NS.dcterms],
  ["http://purl.org/rss/1.0/modules/content", NS.content],
  ["http://search.yahoo.com/mrss", NS.media],
  ["http://www.itunes.com/dtds/podcast-1.0.dtd", NS.itunes],
  ["https://www.itunes.com/dtds/podcast-1.0.dtd", NS.itunes],
  ["http://www.w3.org/1999/xhtml", NS.xhtml],
  ["http://www.w3.org/xml/1998/namespace", NS.xml],
  ["http://purl.org/rss/1.0/modules/syndication", NS.sy],
]);
// What an undeclared prefix is taken to mean: the prefix these namespaces are almost always written with.
const CONVENTIONAL = new Map<string, string>([
  ["atom", NS.atom],
  ["rdf", NS.rdf],
  ["dc", NS.dc],
  ["dcterms", NS.dcterms],
  ["content", NS.content],
  ["media", NS.media],
  ["itunes", NS.itunes],
  ["xhtml", NS.xhtml],
  ["xml", NS.xml],
  ["sy", NS.sy],
]);

/** The family of a namespace URI: a known family name, else the URI itself. */
export function familyOf(uri: string): string {
  const key = uri
    .trim()
    .toLowerCase()
    .replace(/[/#]+$/, "");
  return FAMILIES.get(key) ?? uri.trim();
}

/**
 * The `xmlns` declarations in scope while a document is read, innermost first. `resolve` gives the family of
 * a prefix (`""` for the default namespace): a declared one, else the conventional meaning of an undeclared
 * well-known prefix (`dc:`, `media:`…), else `fallback` for the default namespace, else the prefix itself
 * followed by ":" (an unknown namespace, never mistaken for a known one).
 */
export class Scopes {
  private stack: { depth: number; bindings: Map<string, string> }[] = [];
  /** The family of elements in no namespace: RSS, or Atom in a `<feed>` written without one. */
  fallback: string = NS.rss;

  /** Brings the declarations among `attributes` into scope for an element at `depth`. */
  enter(attributes: [string, string][], depth: number): void {
    let bindings: Map<string, string> | null = null;
    for (const [name, value] of attributes) {
      if (name !== "xmlns" && !name.startsWith("xmlns:")) continue;
      bindings ??= new Map();
      bindings.set(name === "xmlns" ? "" : name.slice(6), value.trim() === "" ? "" : familyOf(value));
    }
    if (bindings) this.stack.push({ depth, bindings });
  }

  /** A copy of the declarations in scope made by elements above `depth`, to read part of the document again. */
  snapshot(depth: number): Scopes {
    const copy = new Scopes();
    copy.stack = this.stack.filter((scope) => scope.depth < depth);
    copy.fallback = this.fallback;
    return copy;
  }

  /** The declarations made above `depth` and the fallback family as one string, outermost first (entry hashes). */
  describe(depth: number): string {
    let out = this.fallback;
    for (const scope of this.stack) {
      if (scope.depth < depth) for (const [prefix, family] of scope.bindings) out += ` ${prefix}=${family}`;
    }
    return out;
  }

  /** Drops the declarations of elements at `depth` and deeper. */
  leave(depth: number): void {
    while ((this.stack.at(-1)?.depth ?? -1) >= depth) this.stack.pop();
  }

  /** Binds a family to itself as the default, for `Scopes.fallback` decided by the root. */
  resolve(prefix: string): string {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const family = this.stack[i]?.bindings.get(prefix);
      if (family !== undefined) return family === "" ? this.fallback : family;
    }
    if (prefix === "") return this.fallback;
    return CONVENTIONAL.get(prefix.toLowerCase()) ?? `${prefix}:`;
  }
}
