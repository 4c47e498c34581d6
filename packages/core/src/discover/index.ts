/** Feed discovery for `npm run discover`: announced feeds, the page itself, else common feed paths. */
export {
  type Discovery,
  type DiscoveryMethod,
  discoverFeeds,
  type FoundFeed,
  pageUrl,
  sourceEntries,
} from "./discover.ts";
export { type FeedLink, feedLinks } from "./links.ts";
export { commonFeedUrls } from "./paths.ts";
export { type KnownFeed, KnownFeeds, type Proposal } from "./proposals.ts";
