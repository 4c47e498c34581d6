import { z } from "@hono/zod-openapi";
import { ItemSchema as Item } from "@tributary/core/item";
import { HEALTH_STATUSES } from "@tributary/core/read";
import { FEED_FORMATS, type FeedFormat } from "@tributary/core/urls";

const time = z.string().openapi({ format: "date-time", example: "2026-11-26T14:03:00.000Z" });
const nullableTime = time.nullable();

/**
 * An article, as the API serves it: the one `Item` model of the core (`@tributary/core/item`), named for OpenAPI. Its
 * fields are the core's own schemas; the object is made here, where zod has its OpenAPI methods whatever module
 * loaded the core first.
 */
export const ItemSchema = z.object(Item.shape).openapi("Item");

/** A page of items, newest first. */
const page = {
  items: z.array(ItemSchema),
  nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last." }),
};

export const TopicItemsSchema = z
  .object({ topic: z.object({ slug: z.string(), title: z.string() }), ...page })
  .openapi("TopicItems");

export const StoryItemsSchema = z
  .object({
    story: z.object({
      id: z.string().openapi({ description: "The story's id: its first stored item's id." }),
      size: z.number().int().openapi({ description: "Items of the story within retention." }),
    }),
    items: z.array(ItemSchema).openapi({ description: "Every item of the story within retention, newest first." }),
  })
  .openapi("StoryItems");

export const SourceItemsSchema = z
  .object({ source: z.object({ id: z.string(), title: z.string().nullable() }), ...page })
  .openapi("SourceItems");

export const TopicSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    updatedAt: nullableTime.openapi({ description: "When the topic's items last changed; null before the first." }),
    feeds: z.object(
      Object.fromEntries(FEED_FORMATS.map((format) => [format, z.string()])) as Record<FeedFormat, z.ZodString>,
    ),
  })
  .openapi("Topic");

export const TopicsSchema = z.object({ topics: z.array(TopicSchema) }).openapi("Topics");

export const SourceSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    title: z.string().nullable().openapi({ description: "The configured title, else the feed's own." }),
    status: z.enum(HEALTH_STATUSES).openapi({
      description: "`disabled`: configured `enabled: false`, never fetched (its items stay).",
    }),
    lastFetchedAt: nullableTime,
    lastSuccessAt: nullableTime,
    lastError: z.string().nullable(),
    consecutiveErrors: z.number().int(),
    nextFetchAt: nullableTime,
  })
  .openapi("Source");

export const SourcesSchema = z
  .object({
    sources: z.array(SourceSchema).openapi({
      description: "Failing sources first (the longest failing first), then the rest in configuration order.",
    }),
    nextCursor: z.string().nullable().openapi({ description: "The `cursor` of the next page; null on the last." }),
  })
  .openapi("Sources");

/** RFC 9457 problem details. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    parameter: z.string().optional().openapi({ description: "The query parameter at fault (400)." }),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** Any other client error (an unsupported method, a malformed request), for operations without parameters. */
export const clientError = problem("The request cannot be answered as sent.");

/** Error responses every list route may give. */
export const listErrors = {
  304: { description: "Not modified: the client's copy (If-None-Match / If-Modified-Since) is current." },
  400: problem("A bad parameter, named in `parameter`."),
  404: problem("Unknown topic, source, item or story."),
  503: problem("Storage is unreachable."),
} as const;
