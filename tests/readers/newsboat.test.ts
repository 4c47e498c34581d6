/**
 * The served feeds as newsboat reads them: run headless (`-x reload`) against the app on loopback, its cache read
 * back. newsboat takes RSS 2.0 titles and authors as text and Atom `type="html"` titles as HTML, and keys entries by
 * guid across feeds (README, "Reading topics in newsboat").
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Item } from "@tributary/core/item";
import { atomEntryId } from "@tributary/core/render";
import { textOrHtml } from "@tributary/core/render/text.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { SYSTEM_PYTHON } from "../helpers/feedparser.ts";
import { collapseSpace, shownWords } from "../helpers/html-reading.ts";
import { NOW, servedSite, storedHostile } from "./site.ts";

const NEWSBOAT = "/usr/bin/newsboat";
const run = promisify(execFile);
const available = existsSync(NEWSBOAT) && existsSync(SYSTEM_PYTHON);
if (!available) console.warn("notice: newsboat is not installed (apt-get install newsboat): skipped");

interface CachedItem {
  feedurl: string;
  guid: string;
  title: string;
  author: string;
}

/** Reads newsboat's SQLite cache with Debian's Python. */
async function cachedItems(cache: string): Promise<CachedItem[]> {
  const script = `import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("select feedurl, guid, title, author from rss_item")
print(json.dumps([dict(zip(["feedurl", "guid", "title", "author"], row)) for row in rows]))`;
  const { stdout } = await run(SYSTEM_PYTHON, ["-c", script, cache]);
  return JSON.parse(stdout) as CachedItem[];
}

describe.skipIf(!available)("newsboat reads the served feeds", () => {
  let server: RunningServer;
  let dir: string;
  let items: Item[];
  let cached: CachedItem[];
  const feeds = ["all.rss", "rss-only.rss", "all.atom"];

  beforeAll(async () => {
    const site = await servedSite();
    items = (JSON.parse(await site.get("/api/topics/all/items?limit=200")) as { items: Item[] }).items;
    server = await startServer({
      config: site.config,
      store: site.store,
      now: () => NOW,
      listVersionMaxAgeMs: 0,
      port: 0,
      hostname: "127.0.0.1",
    });
    dir = await mkdtemp(path.join(tmpdir(), "newsboat-"));
    await writeFile(path.join(dir, "urls"), feeds.map((feed) => `${server.url}/feeds/${feed}\n`).join(""));
    await writeFile(path.join(dir, "config"), "");
    const cache = path.join(dir, "cache.db");
    const args = ["-u", path.join(dir, "urls"), "-c", cache, "-C", path.join(dir, "config"), "-x", "reload"];
    // Loopback only: no proxy, and a HOME of its own so no user configuration is read.
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
    await run(NEWSBOAT, args, { env, timeout: 60_000 });
    cached = await cachedItems(cache);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reads every feed", () => {
    for (const feed of feeds)
      expect(
        cached.some((row) => row.feedurl.endsWith(`/feeds/${feed}`)),
        feed,
      ).toBe(true);
  });

  it("shows Atom titles with the API's words, markup as text", () => {
    const atom = new Map(cached.filter((row) => row.feedurl.endsWith(".atom")).map((row) => [row.guid, row]));
    expect(atom.size).toBe(items.length);
    for (const item of items)
      expect(collapseSpace(atom.get(atomEntryId(item.id))?.title ?? "")).toBe(shownWords(item.title ?? ""));
    expect(atom.get(atomEntryId(storedHostile.id))?.title).toBe(storedHostile.title);
  });

  it("takes RSS titles and authors as text: the words unchanged where no reader could take them for markup", () => {
    const rss = cached.filter((row) => row.feedurl.endsWith(".rss"));
    const byGuid = new Map(items.map((item) => [item.id, item]));
    for (const row of rss) {
      const item = byGuid.get(row.guid);
      expect(row.title).toBe(textOrHtml(item?.title ?? ""));
      expect(row.title).not.toContain("<");
      expect(row.author).not.toContain("<");
    }
    expect(rss.find((row) => row.title.includes("Tom & Jerry"))).toBeDefined();
  });

  it("keys entries by guid across feeds: an article in two topics is listed under one of them", () => {
    const rssGuids = cached.filter((row) => row.feedurl.endsWith(".rss")).map((row) => row.guid);
    expect(rssGuids.filter((guid) => guid === storedHostile.id)).toHaveLength(1);
    expect(new Set(rssGuids).size).toBe(rssGuids.length);
    expect(rssGuids.length).toBeLessThan(items.length + items.filter((item) => item.sources.includes("rss")).length);
  });
});
