export { type ClientOptions, createClients, resolveTableName } from "./client.ts";
export type { ItemChange } from "./commit.ts";
export { InvalidCursorError } from "./cursor.ts";
export type { Delivery, DeliveryClaim } from "./deliveries.ts";
export { deliveryId } from "./deliveries.ts";
export { itemRecord } from "./item-record.ts";
export { type MergeRead, TOMBSTONE_DAYS } from "./items.ts";
export {
  decodeList,
  decodeRowSortKey,
  entryList,
  rowSortKey,
  sourceList,
  storyList,
  topicList,
  topicOfList,
} from "./keys.ts";
export type { ListPage, ListQuery, PageDates, PageOptions } from "./list-pages.ts";
export { type ListRow, searchText } from "./list-rows.ts";
export { type OpenStoreOptions, openStore } from "./open.ts";
export type { PageClaim, PageJob } from "./pages.ts";
export type { LastPoll, PolledSource, Replan } from "./poll-records.ts";
export * from "./records.ts";
export { isHeld } from "./source-record.ts";
export { Store } from "./store.ts";
export { memberFingerprint, type StoredSummary } from "./stories.ts";
export {
  CARD_BYTES,
  CARD_MEMBERS,
  cardSize,
  cardWith,
  entriesWith,
  type MemberRow,
  newestFirst,
  type StoryCard,
  type StoryMember,
} from "./story-cards.ts";
export {
  callbackHostOf,
  type SubscribedFormat,
  type Subscription,
  type SubscriptionRef,
} from "./subscriptions.ts";
export { ensureTable, TABLE_KEYS, tableDefinition } from "./table.ts";
