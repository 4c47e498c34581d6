/**
 * The one model of an article, as stored and as served (docs/data-model.md): one zod schema, from which the
 * TypeScript type (`Item`) and the API's OpenAPI shape (functions/api/schemas.ts names it `Item`) both come. What a
 * feed gives and the store keeps is an `Article`: the item without its story, which storage adds by id.
 */
import { z } from "zod";

/*
 * Upper bounds of an item's fields. A feed may carry anything (a 450 KB title, 25,000 categories, a 300 KB link);
 * normalizing cuts every field to these bounds so that a stored item always fits DynamoDB's 400 KB item limit
 * with room to spare: at every bound at once (the content incompressible) an item stays under about 250 KB plus
 * about 280 bytes for each source that lists it. Real entries are far below them and are kept whole.
 */

/** Upper bound of `summary` in code points, the ending ellipsis included (the contract's 300). */
export const SUMMARY_MAX = 300;

/**
 * Upper bound of `title` in code points, an ending ellipsis included. Headlines are rarely over 200 characters;
 * 1,000 keeps every real one whole and a title (and the search text of each of its list rows) under 4 KB.
 */
export const TITLE_MAX = 1_000;

/** Upper bound of `author` in code points, an ending ellipsis included: room for a long list of names, under 1 KB. */
export const AUTHOR_MAX = 200;

/** Upper bound of one category in code points, an ending ellipsis included: a tag or a short phrase. */
export const CATEGORY_MAX = 100;

/** How many categories an item keeps (the first ones, after deduplication): at most about 20 KB of them. */
export const CATEGORIES_MAX = 50;

/**
 * Upper bound of `url` and `imageUrl` in characters (ASCII, so bytes: a URL is stored percent-encoded). RFC 9110
 * §4.1 asks senders and recipients to support URIs of at least 8,000 octets: a longer one may be refused by the
 * server it names, so it is not a useful link and is dropped (an item without a link is identified by its guid or
 * title, as the contract says; an image candidate that long is passed over for the next).
 */
export const URL_MAX = 8_000;

/**
 * Upper bound of `contentHtml` in UTF-8 bytes (200 KiB, half the item limit; stored compressed, but an
 * incompressible body must fit too). Longer sanitized content is cut after its last whole element or word
 * that fits, its open elements closed and an ellipsis added: the reader keeps the beginning and the link.
 */
export const CONTENT_MAX_BYTES = 200 * 1024;

/**
 * Upper bound of a feed's declared language in characters: RFC 5646 §4.4.1 asks for tags of up to 35 characters
 * to be supported; a longer value is no language tag and is dropped.
 */
export const LANGUAGE_MAX = 35;

/** An ISO 8601 UTC time, as the API describes it. */
const time = z.string().meta({ format: "date-time", example: "2026-11-26T14:03:00.000Z" });

/** Another item of a story, as a story-grouped list names it: one of the other outlets that carried the story. */
export const StoryOtherSchema = z.object({
  id: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable().meta({ description: "Plain text." }),
  /** The source the item was first seen in (its publisher), or null when unknown. */
  source: z.string().nullable().meta({ description: "Id of the source the item came from." }),
  /** That source's display title. */
  sourceTitle: z.string().nullable().meta({ description: "Display title of that source (the publisher)." }),
  publishedAt: time,
});

/** The story an item belongs to (docs/stories.md): copies and reports of one event across publishers. */
export const ItemStorySchema = z.object({
  /** The id of the story's first stored item (the item's own id for a story of one). */
  id: z.string().meta({ description: "Id of the story: its first stored item's id." }),
  /** How many items the story holds within retention (1 for an item alone). */
  size: z.number().int().min(1).meta({ description: "Items of the story within retention." }),
  /** In a story-grouped list only: up to 10 other items of the story, newest first. */
  others: z
    .array(StoryOtherSchema)
    .optional()
    .meta({ description: "In a story-grouped list: up to 10 other items of the story, newest first." }),
});

/** An article: what the API, the feeds and the store's readers all serve. */
export const ItemSchema = z.object({
  /** URL-safe, stable id derived from the canonical URL (or source id + guid, or source id + title). */
  id: z.string().meta({ description: "Stable, URL-safe id derived from the canonical URL." }),
  /** The item's link, absolute, without fragment and tracking parameters; at most `URL_MAX` characters. */
  url: z.string().nullable(),
  /** Plain text, at most `TITLE_MAX` code points. */
  title: z.string().nullable().meta({ description: "Plain text." }),
  /** Plain text, at most 300 code points. */
  summary: z
    .string()
    .nullable()
    .meta({ description: `Plain text, at most ${SUMMARY_MAX} characters.` }),
  /** Sanitized HTML with absolute URLs, at most `CONTENT_MAX_BYTES` (UTF-8). */
  contentHtml: z.string().nullable().meta({ description: "Sanitized HTML with absolute URLs." }),
  /**
   * Where `contentHtml` came from: `feed` (the entry's own content or description), or `page` (the article taken
   * from the entry's web page, SPEC §2 Full text).
   */
  contentSource: z.enum(["feed", "page"]).meta({
    description:
      'Where contentHtml came from: "feed" (the entry itself) or "page" (the article fetched from its web page).',
  }),
  /** Plain text, at most `AUTHOR_MAX` code points. */
  author: z.string().nullable(),
  /** The item's own categories, trimmed and deduped: at most `CATEGORIES_MAX`, each at most `CATEGORY_MAX` code points. */
  categories: z.array(z.string()).meta({ description: "The item's own categories." }),
  /** Absolute http(s), at most `URL_MAX` characters. */
  imageUrl: z.string().nullable(),
  /** ISO 8601 UTC. */
  publishedAt: time,
  /** ISO 8601 UTC. */
  updatedAt: time,
  /** Ids of the sources the item was seen in. */
  sources: z.array(z.string()).meta({ description: "Ids of the sources the item was seen in." }),
  /** Its story: `{id, size}`, and `others` in a story-grouped list. */
  story: ItemStorySchema,
});

/** An article as served: the type of `ItemSchema`. */
export type Item = z.infer<typeof ItemSchema>;

/** An item's story as served. */
export type ItemStory = z.infer<typeof ItemStorySchema>;

/** Another item of a story, as a grouped list names it. */
export type StoryOther = z.infer<typeof StoryOtherSchema>;

/** An article as read from a feed and stored: an item without its story (which storage keeps by id). */
export type Article = Omit<Item, "story">;
