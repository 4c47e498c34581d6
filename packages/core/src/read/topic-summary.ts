/** What is said of a topic in lists of topics: `/api/topics` and the home page. */
import type { TopicConfig } from "../config/index.ts";
import type { ListMeta } from "../store/index.ts";

/** A topic as `/api/topics` lists it. */
export interface TopicSummary {
  slug: string;
  title: string;
  description: string | null;
  /** When the topic's items last changed (its list's `modifiedAt`, ISO); null before the first change. */
  updatedAt: string | null;
  /** The list's version, 0 before the first change. */
  version: number;
}

/** How far the home page counts a topic's items: beyond this it says "50+". One Query reads them. */
export const COUNT_BOUND = 50;

/** A topic as the home page shows it: its summary plus what a reader asks first. */
export interface TopicOverview extends TopicSummary {
  /** When its newest item (within retention) was published, ISO; null when it has none. */
  newestPublishedAt: string | null;
  /** When any of its sources was last fetched, ISO; null when none ever was. */
  checkedAt: string | null;
  /** Items within retention, counted up to `COUNT_BOUND`. */
  itemCount: number;
  /** There are more than `itemCount` items (the count stopped at `COUNT_BOUND`). */
  moreItems: boolean;
}

/** The summary of `topic` from its list's meta row (null when the list never changed). */
export function topicSummary(
  topic: Pick<TopicConfig, "slug" | "title" | "description">,
  meta: ListMeta | null | undefined,
): TopicSummary {
  return {
    slug: topic.slug,
    title: topic.title,
    description: topic.description ?? null,
    updatedAt: meta?.modifiedAt ?? null,
    version: meta?.version ?? 0,
  };
}
