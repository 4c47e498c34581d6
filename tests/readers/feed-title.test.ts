/**
 * A source without a configured title is named by its feed's own title (SPEC §1) as soon as a poll has read it, and
 * the lists that name it change validators when that title appears or changes (SPEC §4 Caching).
 */

import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { type CycleResult, runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { createTestStore } from "../helpers/store.ts";

const feed = (title: string) =>
  rss({
    title,
    items: [{ title: "Harbour reopens", link: "https://gamma.example/harbour", pubDate: pubDate(1) }],
  });

describe("a source named by its feed's title", () => {
  let publisher: Publisher;
  let store: Store;
  let poll: (at: Date) => Promise<CycleResult>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    publisher = await startPublisher();
    publisher.set("/gamma.rss", { body: feed("Gamma Gazette"), contentType: "application/rss+xml" });
    const config = validateConfig({
      title: "Titles",
      sources: [{ id: "gamma", url: `${publisher.url}/gamma.rss` }],
      topics: [{ slug: "harbour", title: "Harbour", sources: ["gamma"] }],
    });
    store = await createTestStore();
    poll = (at) =>
      runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }), now: () => at }, { mode: "all" });
    // Versions are reused for a second, as in production; the reader keeps what each source declared.
    app = createApp({ config, store });
  });
  afterAll(async () => {
    await publisher?.close();
  });

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("names the publisher by the feed's title from the first poll on, though the source was looked up before", async () => {
    // Served before any poll: the source's state is looked up and found empty.
    expect((await app.request("/feeds/harbour.rss")).status).toBe(200);
    expect((await app.request("/api/sources/gamma/items")).status).toBe(200);
    await poll(new Date(Date.now() - 60_000));
    await wait(1100);
    const rssBody = await (await app.request("/feeds/harbour.rss")).text();
    expect(rssBody).toContain(`<source url="${publisher.url}/gamma.rss">Gamma Gazette</source>`);
    expect(rssBody).not.toContain(">gamma</source>");
    expect(rssBody).toContain("<dc:creator>Gamma Gazette</dc:creator>");
    const json = await (await app.request("/feeds/harbour.json")).json();
    expect(json.items[0].authors).toEqual([{ name: "Gamma Gazette" }]);
    const items = await (await app.request("/api/sources/gamma/items")).json();
    expect(items.source).toEqual({ id: "gamma", title: "Gamma Gazette" });
    const sources = await (await app.request("/api/sources")).json();
    expect(sources.sources[0].title).toBe("Gamma Gazette");
  });

  it("changes the lists' ETag and Last-Modified when the publisher renames its feed", async () => {
    const before = await app.request("/feeds/harbour.rss");
    const etag = before.headers.get("ETag") as string;
    const lastModified = before.headers.get("Last-Modified") as string;
    const sourceBefore = await app.request("/api/sources/gamma/items");
    const sourceTag = sourceBefore.headers.get("ETag") as string;
    publisher.set("/gamma.rss", { body: feed("Gamma Daily"), contentType: "application/rss+xml" });
    // The renamed publisher is a change of the cycle's: the topic's subscribers get it (WebSub).
    expect((await poll(new Date())).changedLists).toEqual(expect.arrayContaining(["t:harbour", "s:gamma"]));
    await wait(1100);
    const after = await app.request("/feeds/harbour.rss", { headers: { "If-None-Match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    expect(Date.parse(after.headers.get("Last-Modified") as string)).toBeGreaterThan(Date.parse(lastModified));
    const body = await after.text();
    expect(body).toContain(">Gamma Daily</source>");
    expect(body).not.toContain("Gamma Gazette");
    const since = await app.request("/feeds/harbour.atom", { headers: { "If-Modified-Since": lastModified } });
    expect(since.status).toBe(200);
    const sourceAfter = await app.request("/api/sources/gamma/items", { headers: { "If-None-Match": sourceTag } });
    expect(sourceAfter.status).toBe(200);
    expect((await sourceAfter.json()).source.title).toBe("Gamma Daily");
  });
});
