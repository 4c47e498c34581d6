import type { TopicConfig } from "@tributary/core/config";
import type { FeedDocument, Publishers } from "@tributary/core/render";
import type { ListPage } from "@tributary/core/store";
import { topicLinks } from "./http/urls.ts";

/** Names this software in the feeds it renders. */
export const GENERATOR = "Tributary";

/**
 * The document a topic's feed renders: the topic's title and description, its page as home, this URL as
 * self, the next page's URL (RFC 5005 / `next_url`), the WebSub hub, the display titles of the sources, the
 * entries' publishers and the feed's language.
 */
export function topicFeedDocument(input: {
  topic: TopicConfig;
  origin: string;
  /** This feed's canonical URL (parsed parameters only). */
  self: string;
  /** The next page's canonical URL, or null on the last page. */
  next: string | null;
  updatedAt: string;
  page: ListPage;
  sourceTitles: Record<string, string>;
  /** The topic's sources its items came from, in configuration order (the reader's `topicPage`). */
  publishers: Publishers;
  /** BCP 47 tag, from the reader's `topicLanguage`. */
  language: string | null;
  /** The WebSub hub's URL, or null when WebSub is off. */
  hubUrl?: string | null;
}): FeedDocument {
  const home = topicLinks(input.origin, input.topic.slug).html;
  return {
    title: input.topic.title,
    description: input.topic.description ?? null,
    homeUrl: home,
    selfUrl: input.self,
    nextUrl: input.next,
    feedId: home,
    updatedAt: input.updatedAt,
    generator: GENERATOR,
    items: input.page.items,
    sourceTitles: input.sourceTitles,
    publishers: input.publishers,
    language: input.language,
    hubUrl: input.hubUrl ?? null,
  };
}
