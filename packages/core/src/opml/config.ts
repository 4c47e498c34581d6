/** A configuration built from a subscription list: a source per feed, a topic per folder, a topic of everything. */
import { feedIdentity } from "../config/feed-url.ts";
import { feedId, slugify, UniqueIds } from "../config/ids.ts";
import type { ConfigInput } from "../config/index.ts";
import { validateConfig } from "../config/index.ts";
import { type OpmlDocument, OpmlError } from "./read.ts";

/** The slug of the topic that merges every source. */
export const ALL_TOPIC_SLUG = "all";

/** The configuration, and what was left out or merged on the way (one line each, for the operator). */
export interface ImportResult {
  config: ConfigInput;
  notes: string[];
}

interface Folder {
  title: string;
  sourceIds: string[];
}

/**
 * Builds a complete configuration from a read OPML document, valid as it is (checked with `validateConfig`):
 * - a source per distinct feed URL, its id from its title (else its host and path) made unique, its
 *   `title` the outline's when it has one (else the feed's own title is used when polled);
 * - a topic per folder, nested folders included (titled "Parent / Child"; a folder's topic also merges
 *   the feeds of the folders inside it), empty folders left out;
 * - the topic `all` of every source, and the poll defaults, written out so they can be edited.
 * A feed listed twice (in two folders, say, or once as `http` and once as `https`) is one source, in both
 * folders' topics.
 * @throws OpmlError when the document names no http(s) feed at all.
 * @example const { config, notes } = configFromOpml(readOpml(bytes));
 */
export function configFromOpml(doc: OpmlDocument): ImportResult {
  const notes = doc.skipped.map((s) => `skipped ${s.at}${s.title ? ` "${s.title}"` : ""}: ${s.reason}`);
  const sourceIds = new UniqueIds();
  const sources: NonNullable<ConfigInput["sources"]> = [];
  const idByUrl = new Map<string, string>();
  const folders = new Map<string, Folder>();

  for (const feed of doc.feeds) {
    // One source per feed, as the configuration counts feeds: `http` and `https`, case of scheme and host alike.
    const key = feedIdentity(feed.url) ?? feed.url;
    let id = idByUrl.get(key);
    if (id === undefined) {
      id = sourceIds.take(feedId(feed.title, feed.url));
      idByUrl.set(key, id);
      sources.push({ id, url: feed.url, ...(feed.title ? { title: feed.title } : {}) });
    } else {
      notes.push(`merged ${feed.at}: the same feed as source "${id}" (${feed.url})`);
    }
    // The feed belongs to its folder and to every folder around it.
    for (let depth = 1; depth <= feed.folders.length; depth++) {
      const path = feed.folders.slice(0, depth);
      const key = JSON.stringify(path);
      const folder = folders.get(key) ?? { title: path.join(" / "), sourceIds: [] };
      if (!folder.sourceIds.includes(id)) folder.sourceIds.push(id);
      folders.set(key, folder);
    }
  }
  if (sources.length === 0) {
    throw new OpmlError(
      `no feeds: no outline has an http(s) xmlUrl${doc.skipped.length > 0 ? ` (${doc.skipped.length} skipped)` : ""}`,
    );
  }

  const slugs = new UniqueIds([ALL_TOPIC_SLUG]);
  const topics: NonNullable<ConfigInput["topics"]> = [
    { slug: ALL_TOPIC_SLUG, title: "All subscriptions", sources: ["*"] },
    ...[...folders.values()].map((folder) => ({
      slug: slugs.take(slugify(folder.title) || "folder"),
      title: folder.title,
      sources: folder.sourceIds,
    })),
  ];
  const draft = { title: doc.title ?? "My subscriptions", sources, topics };
  const { poll, retentionDays } = validateConfig(draft);
  return { config: { ...draft, poll, retentionDays }, notes };
}
