/** Gives the elements of well-known feed namespaces their usual prefix, whatever prefix the feed chose. */

const ATOM = "atom";
// Namespace URI → the prefix rss-parser and the readers here expect.
const CANONICAL = new Map([
  ["http://www.w3.org/2005/Atom", ATOM],
  ["http://purl.org/atom/ns#", ATOM],
  ["http://purl.org/dc/elements/1.1/", "dc"],
  ["http://purl.org/rss/1.0/modules/content/", "content"],
  ["http://search.yahoo.com/mrss/", "media"],
  ["http://search.yahoo.com/mrss", "media"],
  ["http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"],
  ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"],
]);

/**
 * Tracks `xmlns` declarations in scope and renames elements: `<a10:link>` bound to Atom becomes `<atom:link>`
 * in an RSS feed, `<atom:entry>` becomes `<entry>` in an Atom feed, `<link xmlns="…Atom">` becomes
 * `<atom:link>` in an RSS feed. Names in unknown namespaces are left alone.
 */
export class Namespaces {
  private scopes: { depth: number; bindings: Map<string, string> }[] = [];
  private atomDocument: boolean | null = null;

  /** The name to give an element, its own declarations included. */
  rename(name: string, attributes: [string, string][]): string {
    const colon = name.indexOf(":");
    const prefix = colon < 0 ? "" : name.slice(0, colon);
    const local = name.slice(colon + 1);
    const own = declarations(attributes).get(prefix);
    const canonical = CANONICAL.get(own ?? this.lookup(prefix) ?? "");
    if (this.atomDocument === null) this.atomDocument = canonical === ATOM || name === "feed";
    if (canonical === undefined) return name;
    if (canonical === ATOM) return this.atomDocument ? local : `${ATOM}:${local}`;
    return `${canonical}:${local}`;
  }

  /** Brings the declarations of an element opened at `depth` into scope. */
  enter(attributes: [string, string][], depth: number): void {
    const bindings = declarations(attributes);
    if (bindings.size > 0) this.scopes.push({ depth, bindings });
  }

  /** Leaves the elements at `depth` and deeper. */
  leave(depth: number): void {
    while ((this.scopes.at(-1)?.depth ?? -1) >= depth) this.scopes.pop();
  }

  private lookup(prefix: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const uri = this.scopes[i]?.bindings.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }
}

function declarations(attributes: [string, string][]): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const [attribute, value] of attributes) {
    if (attribute === "xmlns") bindings.set("", value.trim());
    else if (attribute.startsWith("xmlns:")) bindings.set(attribute.slice(6), value.trim());
  }
  return bindings;
}
