/** What the feed renderers take: one page of a topic's items with the feed's metadata and links. */
import type { Item } from "../item.ts";
import type { Publishers } from "./publisher.ts";

/** One page of a feed, format-independent; `renderRss`, `renderAtom` and `renderJsonFeed` each render it. */
export interface FeedDocument {
  title: string;
  description: string | null;
  /** The topic's HTML page, absolute. */
  homeUrl: string;
  /** This feed's URL, absolute, with its query. */
  selfUrl: string;
  /** The next page (RFC 5005 `rel="next"` in Atom and RSS, `next_url` in JSON Feed), or `null` on the last page. */
  nextUrl: string | null;
  /** Stable id for the Atom `<id>`, one per feed (RFC 4287 §4.2.6): a tag: URI or an absolute URL. */
  feedId: string;
  /** ISO 8601: the newest item change, or a fixed fallback the caller supplies for an empty feed. */
  updatedAt: string;
  /** Usually "Tributary". */
  generator?: string;
  items: Item[];
  /** Source id → display title; an entry's categories are its item's plus the titles of its sources. */
  sourceTitles: Record<string, string>;
  /**
   * The sources the feed's list includes, in configuration order: each entry names its publisher (RSS `<source>`,
   * Atom `<source>`) and, when its item has no author, gives the publisher's title as its author.
   */
  publishers: Publishers;
  /** RFC 5646 language tag of the feed, when known. */
  language?: string | null;
  /**
   * The WebSub hub of this feed, absolute (`https://feeds.example.org/websub`), or none when WebSub is off:
   * `<atom:link rel="hub">` in RSS and Atom, `hubs` in JSON Feed (W3C WebSub §4, Discovery).
   */
  hubUrl?: string | null;
}

/** The name given as the feed-level author: the feed's title, or "Tributary" when that is blank. */
export function feedAuthorName(doc: Pick<FeedDocument, "title">): string {
  return doc.title.trim() === "" ? "Tributary" : doc.title;
}
