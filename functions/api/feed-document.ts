import { type DeclaredLanguage, type TopicConfig, topicLanguage } from "../../packages/core/src/config/index.ts";
import type { FeedDocument } from "../../packages/core/src/render/index.ts";
import type { ListPage } from "../../packages/core/src/store/index.ts";
import { TtlCache } from "./http/ttl-cache.ts";
import { nextPageUrl, topicLinks } from "./http/urls.ts";
import type { Services } from "./services.ts";

/** Names this software in the feeds it renders. */
export const GENERATOR = "Tributary";

/** How long an instance reuses the languages its sources declared, as it does their titles. */
const DECLARED_MAX_AGE_MS = 5 * 60_000;
/** Source id → declared language, per app (its services). */
const declaredLanguages = new WeakMap<Services, TtlCache<Map<string, DeclaredLanguage>>>();

/**
 * The language a topic's feeds declare (`topicLanguage`, SPEC §1 `language`): the configured one at no cost; else
 * the one all of its sources declared, from the states of every configured source — one BatchGet, whose titles
 * also fill `s.stateTitles` so `sourceTitles` needs no read of its own; both are reused for five minutes.
 * @throws StorageError when the states cannot be read.
 */
export async function feedLanguage(s: Services, topic: TopicConfig): Promise<string | null> {
  if (s.config.language !== undefined) return topicLanguage(s.config, topic.slug, new Map());
  let cache = declaredLanguages.get(s);
  if (!cache) {
    cache = new TtlCache<Map<string, DeclaredLanguage>>({ maxAgeMs: DECLARED_MAX_AGE_MS, maxEntries: 1, now: s.now });
    declaredLanguages.set(s, cache);
  }
  let languages = cache.get("languages");
  if (!languages) {
    const states = await s.store.getSourceStates(s.config.sources.map((source) => source.id));
    const titles = new Map<string, string>();
    languages = new Map<string, DeclaredLanguage>();
    for (const [id, state] of states) {
      if (state.title) titles.set(id, state.title);
      languages.set(id, { language: state.language ?? null });
    }
    s.stateTitles.set("titles", titles);
    cache.set("languages", languages);
  }
  return topicLanguage(s.config, topic.slug, languages);
}

/**
 * The document a topic's feed renders: the topic's title and description, its page as home, this URL as
 * self, the next page's URL (RFC 5005 / `next_url`), the display titles of the sources and the feed's language.
 */
export function topicFeedDocument(input: {
  topic: TopicConfig;
  origin: string;
  self: string;
  updatedAt: string;
  page: ListPage;
  sourceTitles: Record<string, string>;
  /** BCP 47 tag, from `feedLanguage`. */
  language: string | null;
}): FeedDocument {
  const home = topicLinks(input.origin, input.topic.slug).html;
  return {
    title: input.topic.title,
    description: input.topic.description ?? null,
    homeUrl: home,
    selfUrl: input.self,
    nextUrl: nextPageUrl(input.self, input.page.nextCursor),
    feedId: home,
    updatedAt: input.updatedAt,
    generator: GENERATOR,
    items: input.page.items,
    sourceTitles: input.sourceTitles,
    language: input.language,
  };
}
