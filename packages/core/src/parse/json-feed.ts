/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read into the format-neutral `ParsedFeed`. */

import { escapeHtml } from "../characters.ts";
import { ParseError } from "../errors.ts";
import { firstAuthor } from "./authors.ts";
import { type EntryDates, keptEntries } from "./entry-cap.ts";
import { entryHash, mapUnknown } from "./entry-hash.ts";
import type { ImageCandidate, ParsedFeed, RawEntry } from "./types.ts";

type Json = Record<string, unknown>;

/**
 * Parses the text of a JSON Feed. `content_text` is escaped into HTML. `title`, `summary` and the feed's
 * `title` and `description` are plain text by the specification, yet publishers write entity references and
 * markup in them as in every other format: they are passed on as HTML source, so normalize reads them as it
 * reads an RSS title: as HTML made plain text.
 * @throws ParseError when the text is not JSON or not a JSON Feed.
 */
export function parseJsonFeed(text: string, url = "", known?: ReadonlySet<string>): ParsedFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ParseError(`malformed JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(document)) throw new ParseError("not a feed: JSON that is not an object");
  const version = string(document.version);
  if (!Array.isArray(document.items) || (version !== null && !version.startsWith("https://jsonfeed.org/version/"))) {
    throw new ParseError("not a feed: JSON that is not a JSON Feed");
  }
  const feedAuthor = authorName(document);
  const items = keptEntries(document.items.filter(isObject), itemDates);
  const hashes = items.map((item) => entryHash(JSON.stringify(item), [url, feedAuthor]));
  return {
    info: {
      title: html(document.title),
      link: string(document.home_page_url),
      description: html(document.description),
      language: string(document.language),
      format: "json",
    },
    entries: mapUnknown(items, hashes, known, (item) => readItem(item, feedAuthor)),
    entryHashes: hashes,
  };
}

function readItem(item: Json, feedAuthor: string | null): RawEntry {
  const contentHtml = string(item.content_html);
  const contentText = string(item.content_text);
  return {
    link: string(item.url) ?? string(item.external_url),
    guid: typeof item.id === "number" ? String(item.id) : string(item.id),
    guidIsPermaLink: null,
    title: html(item.title),
    descriptionHtml: html(item.summary),
    contentHtml: contentHtml ?? (contentText === null ? null : escapeHtml(contentText).replaceAll("\n", "<br>")),
    author: authorName(item) ?? feedAuthor,
    categories: Array.isArray(item.tags) ? item.tags.map(string).filter((tag): tag is string => tag !== null) : [],
    ...itemDates(item),
    images: images(item),
    xmlBase: null,
  };
}

/** A JSON Feed item's raw dates: `date_published`, `date_modified`. */
function itemDates(item: Json): EntryDates {
  return {
    published: [string(item.date_published)].filter((date): date is string => date !== null),
    updated: [string(item.date_modified)].filter((date): date is string => date !== null),
  };
}

/** The first of `authors[].name` (1.1), then `author.name` (1.0), that names somebody (`firstAuthor`). */
function authorName(holder: Json): string | null {
  const authors = Array.isArray(holder.authors) ? holder.authors : [];
  const names = [...authors, holder.author].map((author) => (isObject(author) ? string(author.name) : null));
  return firstAuthor(names);
}

function images(item: Json): ImageCandidate[] {
  const urls: [unknown, string | null][] = [
    [item.image, null],
    [item.banner_image, null],
    ...(Array.isArray(item.attachments) ? item.attachments.filter(isObject) : []).map(
      (attachment): [unknown, string | null] => [attachment.url, string(attachment.mime_type)],
    ),
  ];
  const candidates: ImageCandidate[] = [];
  for (const [url, type] of urls) {
    const value = string(url);
    if (value !== null && (type === null || type.startsWith("image/"))) {
      candidates.push({ url: value, source: "json", type, medium: null });
    }
  }
  return candidates;
}

function html(value: unknown): string | null {
  return string(value);
}

function string(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
