/** Subscription lists (OPML 1.0/2.0) read and turned into a configuration: `npm run import`. */
export { ALL_TOPIC_SLUG, configFromOpml, type ImportResult } from "./config.ts";
export { feedUrl, type OpmlDocument, OpmlError, type OpmlFeed, type OpmlSkip, readOpml } from "./read.ts";
