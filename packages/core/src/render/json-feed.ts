/** JSON Feed 1.1 rendering (https://www.jsonfeed.org/version/1.1/). */

import { removeInvalidXmlChars } from "../characters.ts";
import { languageTag } from "../config/language-tag.ts";
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";
import { toRfc3339 } from "./dates.ts";
import { type FeedDocument, feedAuthorName } from "./feed-document.ts";
import { imageUrl } from "./media.ts";
import { entryAuthor } from "./publisher.ts";
import { entryContentHtml, entryGuid } from "./story.ts";
import { displayTitle, nonBlank } from "./text.ts";

/** The `version` of the feeds we write. */
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

function jsonItem(item: Item, doc: FeedDocument): Record<string, unknown> {
  const html = entryContentHtml(item);
  const summary = nonBlank(item.summary);
  // The item's author, else its publisher's title: never the feed-level author, the topic's title.
  const author = entryAuthor(item, doc.publishers.of(item));
  const tags = entryCategories(item, doc.sourceTitles);
  return {
    id: entryGuid(item),
    url: nonBlank(item.url) ?? undefined,
    title: nonBlank(item.title) ?? undefined,
    content_html: html ?? undefined,
    // An item needs content_html or content_text.
    content_text: html === null ? (summary ?? displayTitle(item)) : undefined,
    summary: summary ?? undefined,
    image: imageUrl(item.imageUrl) ?? undefined,
    date_published: toRfc3339(item.publishedAt),
    date_modified: toRfc3339(item.updatedAt),
    authors: author === null ? undefined : [{ name: author }],
    tags: tags.length === 0 ? undefined : tags,
    // JSON Feed 1.1 extension (a key starting with an underscore): the item's story, as the API gives it, and where
    // content_html came from (the entry's feed, or the article of its web page).
    _tributary: { story: item.story, contentSource: item.contentSource ?? "feed" },
  };
}

/** Drops characters that are invalid in XML from every string too, so all formats carry the same text. */
function cleanStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" ? removeInvalidXmlChars(value) : value;
}

/**
 * Renders a feed page as JSON Feed 1.1 (2-space indented, final newline); absent values are left out, not `null`.
 * Each item carries Tributary's extension `_tributary` (JSON Feed 1.1, "Extensions"): `{story: {id, size, others?}}`.
 * @example JSON.parse(renderJsonFeed(doc)).version // "https://jsonfeed.org/version/1.1"
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrl,
    description: nonBlank(doc.description) ?? undefined,
    next_url: doc.nextUrl ?? undefined,
    language: languageTag(doc.language) ?? undefined,
    authors: [{ name: feedAuthorName(doc) }],
    hubs: doc.hubUrl ? [{ type: "WebSub", url: doc.hubUrl }] : undefined,
    items: doc.items.map((item) => jsonItem(item, doc)),
  };
  return `${JSON.stringify(feed, cleanStrings, 2)}\n`;
}
