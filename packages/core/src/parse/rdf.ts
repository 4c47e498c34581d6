/** RSS 0.90 and RSS 1.0 (https://web.resource.org/rss/1.0/spec), RDF documents, mapped into `ParsedFeed`. */
import { ParseError } from "../errors.ts";
import { readChannel } from "./rss.ts";
import type { ParsedFeed } from "./types.ts";
import { NS } from "./xml-names.ts";
import { childOf, childrenOf } from "./xml-read.ts";
import type { XmlDocument } from "./xml-tree.ts";

/**
 * Reads an RDF document: its `channel` and the items beside it (inside it too, as some publishers write).
 * Elements are found by namespace, so `rss:channel`, `<channel xmlns="http://purl.org/rss/1.0/">` and the
 * RSS 0.90 namespace read alike.
 * @throws ParseError when the document has no `channel`.
 */
export function readRdf(document: XmlDocument, url: string, known?: ReadonlySet<string>): ParsedFeed {
  const channel = childOf(document.root, NS.rss, "channel");
  if (!channel) throw new ParseError("not a feed: <rdf:RDF> has no <channel>");
  const items = [...childrenOf(document.root, NS.rss, "item"), ...childrenOf(channel, NS.rss, "item")];
  return readChannel(document, channel, items, url, "rdf", known);
}
