/**
 * Finds the feeds of a web page (`npm run discover`): the feeds it announces, else the page itself
 * when it is a feed, else the common feed paths of the big publishing platforms. Every request goes through
 * the polling Fetcher, so the same limits and address rules hold; a URL learned from a page that reached a
 * public address (its links, the common paths of where it landed) is held to the redirect rule, so a public
 * page cannot point discovery at a loopback or private address.
 */
import { feedId, type UniqueIds } from "../config/ids.ts";
import type { SourceConfig } from "../config/index.ts";
import { FetchError } from "../errors.ts";
import type { Fetcher } from "../fetch/index.ts";
import { htmlToText } from "../normalize/index.ts";
import { decodeBody, type FeedFormat, parseFeed } from "../parse/index.ts";
import { feedLinks } from "./links.ts";
import { commonFeedUrls } from "./paths.ts";

/** A feed found: where it is, its title (the announcing link's, else the feed's own) and its format. */
export interface FoundFeed {
  url: string;
  title: string | null;
  format: FeedFormat;
}

/** How the feeds were found: announced by the page, the page itself, a common path, or not at all. */
export type DiscoveryMethod = "links" | "self" | "paths" | "none";

/** What was found for one input. `error` says why the page itself could not be fetched. */
export interface Discovery {
  input: string;
  feeds: FoundFeed[];
  via: DiscoveryMethod;
  error?: string;
}

/** Announced feeds checked per page; a page announcing more is unusual. */
const MAX_LINKS = 12;

/** A URL as typed: `example.org/europe` is read as `https://example.org/europe`. */
export function pageUrl(input: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`;
}

/** A URL learned from a page, and whether that page reached a public address (see FetchRequest). */
interface Candidate {
  url: string;
  title: string | null;
  afterPublic: boolean;
}

/** Fetches a candidate and reads it as a feed; null when it cannot be fetched (or is refused) or is not a feed. */
async function feedAt(fetcher: Fetcher, { url, title, afterPublic }: Candidate): Promise<FoundFeed | null> {
  try {
    const fetched = await fetcher.fetch({ url, afterPublic });
    if (fetched.status !== "ok") return null;
    const { info } = await parseFeed(fetched.body, { contentType: fetched.contentType, url: fetched.finalUrl });
    return { url: fetched.finalUrl, title: htmlToText(title) ?? htmlToText(info.title), format: info.format };
  } catch {
    return null;
  }
}

/** The feeds among `candidates` (checked concurrently, within the fetcher's limits), each final URL once. */
async function feedsAmong(fetcher: Fetcher, candidates: Candidate[]): Promise<FoundFeed[]> {
  const found = await Promise.all(candidates.map((candidate) => feedAt(fetcher, candidate)));
  const feeds: FoundFeed[] = [];
  for (const feed of found) if (feed && !feeds.some((f) => f.url === feed.url)) feeds.push(feed);
  return feeds;
}

/**
 * Finds the feeds of one page. Never throws: a page that cannot be reached (network, a refused address)
 * gives no feeds and its reason in `error`, and nothing else is tried on its host; a page answering an HTTP
 * error still has its section's and site's common feed paths tried, `error` kept if none is a feed.
 * @example const { feeds } = await discoverFeeds("https://example.org/europe/", { fetcher });
 */
export async function discoverFeeds(input: string, deps: { fetcher: Fetcher }): Promise<Discovery> {
  const { fetcher } = deps;
  const url = pageUrl(input);
  let fetched: Awaited<ReturnType<Fetcher["fetch"]>>;
  try {
    fetched = await fetcher.fetch({ url });
  } catch (error) {
    const message = (error as Error).message;
    // A site that answers, if not for this page, may still publish its feeds at the usual places.
    if (!(error instanceof FetchError && error.kind === "http"))
      return { input, feeds: [], via: "none", error: message };
    // The paths of the address as given, not learned from a page: the first-request rules hold.
    const feeds = await atCommonPaths(fetcher, url, false);
    return feeds.length > 0 ? { input, feeds, via: "paths" } : { input, feeds: [], via: "none", error: message };
  }
  if (fetched.status !== "ok") return { input, feeds: [], via: "none", error: `unexpected ${fetched.status}` };
  const { finalUrl: page, reachedPublic: afterPublic } = fetched;

  try {
    const { info } = await parseFeed(fetched.body, { contentType: fetched.contentType, url: page });
    return { input, feeds: [{ url: page, title: htmlToText(info.title), format: info.format }], via: "self" };
  } catch {
    // Not a feed: read it as a page.
  }
  const links = feedLinks(decodeBody(fetched.body, fetched.contentType).text, page).slice(0, MAX_LINKS);
  const announced = await feedsAmong(
    fetcher,
    links.map(({ url, title }) => ({ url, title, afterPublic })),
  );
  if (announced.length > 0) return { input, feeds: announced, via: "links" };
  const feeds = await atCommonPaths(fetcher, page, afterPublic);
  return feeds.length > 0 ? { input, feeds, via: "paths" } : { input, feeds: [], via: "none" };
}

/** The feeds at the common paths of a page's section, else of its site; `afterPublic` as in FetchRequest. */
async function atCommonPaths(fetcher: Fetcher, page: string, afterPublic: boolean): Promise<FoundFeed[]> {
  const { section, site } = commonFeedUrls(page);
  for (const group of [section, site]) {
    const feeds = await feedsAmong(
      fetcher,
      group.map((url) => ({ url, title: null, afterPublic })),
    );
    if (feeds.length > 0) return feeds;
  }
  return [];
}

/**
 * Ready `sources` entries for found feeds: ids from their titles (else host and path), unique among
 * themselves and `taken` (the ids already configured), which the caller keeps across inputs.
 * @example sourceEntries(feeds, new UniqueIds(config.sources.map((s) => s.id)))
 */
export function sourceEntries(feeds: FoundFeed[], taken: UniqueIds): SourceConfig[] {
  return feeds.map((feed) => ({
    id: taken.take(feedId(feed.title, feed.url)),
    url: feed.url,
    ...(feed.title ? { title: feed.title } : {}),
  }));
}
