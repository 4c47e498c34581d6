/** One raw entry made into the one article model (`Article`: an `Item` without its story). */
import { type Article, AUTHOR_MAX, CATEGORIES_MAX, CATEGORY_MAX, SUMMARY_MAX, TITLE_MAX, URL_MAX } from "../item.ts";
import type { ImageCandidate, RawEntry } from "../parse/index.ts";
import { readEntryDates } from "./dates.ts";
import { sanitizeContent } from "./html.ts";
import { itemId } from "./id.ts";
import { isTrackingPixel } from "./images.ts";
import { collapse, htmlToText, truncate } from "./text.ts";
import { absoluteUrl, canonicalUrl, itemUrl } from "./url.ts";

/** What normalizing an entry needs to know besides the entry. */
export interface NormalizeContext {
  /** The source the entry comes from; null outside a configured source (ids then use ""). */
  sourceId: string | null;
  /** The feed's URL, the base of relative links. */
  feedUrl: string;
  /** When the entry is seen: the date of entries without a usable one. */
  now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const IMAGE_FILE = /\.(?:avif|gif|jpe?g|png|webp)(?:[?#]|$)/i;

/**
 * Normalizes an entry: link and canonical URL, id, plain-text title and summary, sanitized content with
 * absolute URLs, author, categories, image and UTC dates; every field within its bound (`item.ts`), so the item
 * fits a DynamoDB item whatever the feed carries.
 * @example normalizeEntry(entry, { sourceId: "rs-europe", feedUrl, now: new Date() })
 */
export function normalizeEntry(entry: RawEntry, ctx: NormalizeContext): Article {
  const linkBase = entry.xmlBase ?? ctx.feedUrl;
  const found = entryLink(entry, linkBase);
  // A link too long to be useful is dropped whole: the item is then one without a link (identified by guid or title).
  const link = fitting(itemUrl(found)) === null ? null : found;
  const url = itemUrl(link);
  // Relative URLs in content resolve against the xml:base in effect where the HTML was found, else the article.
  const htmlBase = entry.contentHtml !== null ? entry.contentBase : entry.descriptionBase;
  const content = sanitizeContent(
    entry.contentHtml ?? entry.descriptionHtml,
    htmlBase ?? entry.xmlBase ?? url ?? ctx.feedUrl,
  );
  const title = bounded(htmlToText(entry.title), TITLE_MAX);
  const summaryText = htmlToText(entry.descriptionHtml) ?? htmlToText(entry.contentHtml);
  const summary = summaryText === null ? null : truncate(summaryText, SUMMARY_MAX);
  const guid = collapse(entry.guid);
  const { publishedAt, updatedAt } = dates(entry, ctx.now);
  return {
    id: itemId({
      canonicalUrl: link === null ? null : canonicalUrl(link),
      sourceId: ctx.sourceId ?? "",
      guid,
      title: title ?? summary,
    }),
    url,
    title,
    summary,
    contentHtml: content.html,
    contentSource: "feed",
    author: authorName(entry.author),
    categories: categories(entry.categories),
    imageUrl: image(entry.images, linkBase) ?? fitting(content.firstImage),
    publishedAt,
    updatedAt,
    sources: ctx.sourceId === null ? [] : [ctx.sourceId],
  };
}

/** The entry's link, else its guid when that is a permalink; absolute http(s) or null. */
function entryLink(entry: RawEntry, base: string): string | null {
  const link = absoluteUrl(entry.link, base);
  if (link) return link.href;
  const guid = entry.guid?.trim();
  if (!guid || entry.guidIsPermaLink === false) return null;
  // An explicit isPermaLink="true" may be relative; otherwise only an absolute http(s) URL is taken.
  if (entry.guidIsPermaLink !== true && !/^https?:\/\//i.test(guid)) return null;
  return absoluteUrl(guid, base)?.href ?? null;
}

/** publishedAt: published, else updated; now when missing or more than a day ahead. updatedAt never earlier. */
function dates(entry: RawEntry, now: Date): { publishedAt: string; updatedAt: string } {
  const { updated, published: read } = readEntryDates(entry);
  let published = read;
  if (published === null || published.getTime() > now.getTime() + DAY_MS) published = now;
  const ownUpdate = updated !== null && updated > published && updated.getTime() <= now.getTime() + DAY_MS;
  return { publishedAt: published.toISOString(), updatedAt: (ownUpdate ? updated : published).toISOString() };
}

/** "jdoe@example.org (Jane Doe)", as RSS writes authors, gives "Jane Doe". */
function authorName(raw: string | null): string | null {
  const text = htmlToText(raw);
  const named = text === null ? null : /^\S+@\S+\s*\((.+)\)$/.exec(text);
  return bounded(named?.[1] ? collapse(named[1]) : text, AUTHOR_MAX);
}

/** Text cut to `max` code points (an ending ellipsis included); null stays null. */
const bounded = (text: string | null, max: number): string | null => (text === null ? null : truncate(text, max));

/** A URL within `URL_MAX`, else null. */
const fitting = (url: string | null): string | null => (url !== null && url.length <= URL_MAX ? url : null);

/**
 * Plain text as titles are, deduplicated without regard to case (the first spelling stays), empties dropped;
 * each cut to `CATEGORY_MAX` code points, and only the first `CATEGORIES_MAX` kept.
 */
function categories(raws: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of raws) {
    if (out.length === CATEGORIES_MAX) break;
    const category = bounded(htmlToText(raw), CATEGORY_MAX);
    const key = category?.toLocaleLowerCase("en");
    if (category === null || key === undefined || seen.has(key)) continue;
    seen.add(key);
    out.push(category);
  }
  return out;
}

/**
 * The first image: media:content that is an image, media:thumbnail, an image enclosure, JSON image, … never a
 * tracking pixel (declared 1×1, or a known beacon: `isTrackingPixel`).
 */
function image(candidates: ImageCandidate[], base: string): string | null {
  const isImage = (c: ImageCandidate) =>
    c.medium === "image" ||
    (c.type?.startsWith("image/") ?? false) ||
    (c.medium === null && c.type === null && IMAGE_FILE.test(c.url));
  const order: ((c: ImageCandidate) => boolean)[] = [
    (c) => c.source === "media:content" && isImage(c),
    (c) => c.source === "media:thumbnail",
    (c) => c.source === "enclosure" && isImage(c),
    (c) => c.source === "json",
    (c) => c.source === "itunes:image",
  ];
  for (const accept of order) {
    for (const candidate of candidates.filter(accept)) {
      if (isTrackingPixel({ src: candidate.url, width: candidate.width, height: candidate.height })) continue;
      const url = fitting(absoluteUrl(candidate.url, base)?.href ?? null);
      if (url) return url;
    }
  }
  return null;
}
