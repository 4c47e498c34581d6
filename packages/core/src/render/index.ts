export { atomEntryId, renderAtom } from "./atom.ts";
export { entryCategories } from "./categories.ts";
export { toRfc822, toRfc3339 } from "./dates.ts";
export type { FeedDocument } from "./feed-document.ts";
export { JSON_FEED_VERSION, renderJsonFeed } from "./json-feed.ts";
export { type OpmlDocument, type OpmlTopic, renderOpml } from "./opml.ts";
export { entryAuthor, type Publisher, Publishers } from "./publisher.ts";
export { RSS_DOCS, renderRss } from "./rss.ts";
export { entryContentHtml, entryGuid, storyOthers } from "./story.ts";
export {
  FEED_MEDIA_TYPES,
  FEED_PAGE_LIMIT,
  GENERATOR,
  listChangedAt,
  NEVER_MODIFIED,
  pageChangedAt,
  renderFirstFeedPage,
  renderTopicFeed,
  type TopicFeed,
  type TopicFeedRequest,
  topicFeedLink,
} from "./topic-feed.ts";
export { xmlEscape } from "./xml.ts";
