/** A poll keeps the language each source declares, and the served topic feeds declare the one all agree on. */

import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { createTestStore } from "../helpers/store.ts";
import { childNamed, childrenNamed, parseStrictXml } from "../helpers/strict-xml.ts";

/** An RSS fixture declaring `language` (none when null). */
const declaring = (language: string | null, title: string) =>
  rss({
    title,
    items: [{ title: `${title} story`, link: `https://news.example/${title}`, pubDate: pubDate(1) }],
  }).replace("<channel>", language === null ? "<channel>" : `<channel><language>${language}</language>`);

const ATOM_EN = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Atom</title><id>urn:x:a</id>
<updated>2026-11-26T06:00:00Z</updated><entry><title>Atom story</title><id>urn:x:a1</id>
<link href="https://news.example/atom"/><updated>2026-11-26T06:00:00Z</updated></entry></feed>`;

describe("the language a source declares", () => {
  let publisher: Awaited<ReturnType<typeof startPublisher>>;
  let get: (path: string) => Promise<string>;
  let states: Map<string, { language: string | null }>;

  beforeAll(async () => {
    publisher = await startPublisher();
    publisher.set("/en.rss", { body: declaring("en", "en"), contentType: "application/rss+xml" });
    publisher.set("/en.atom", { body: ATOM_EN, contentType: "application/atom+xml" });
    publisher.set("/de.rss", { body: declaring("de", "de"), contentType: "application/rss+xml" });
    publisher.set("/none.rss", { body: declaring(null, "none"), contentType: "application/rss+xml" });
    const config = validateConfig({
      title: "Languages",
      sources: ["en.rss", "en.atom", "de.rss", "none.rss"].map((file) => ({
        id: file.replace(".", "-"),
        url: `${publisher.url}/${file}`,
      })),
      topics: [
        { slug: "english", title: "English", sources: ["en-rss", "en-atom"] },
        { slug: "mixed", title: "Mixed", sources: ["en-rss", "de-rss"] },
        { slug: "unsaid", title: "Unsaid", sources: ["en-rss", "none-rss"] },
      ],
    });
    const store = await createTestStore();
    await runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }) }, { mode: "all" });
    states = await store.sources.states(config.sources.map((source) => source.id));
    const app = createApp({ config, store, listVersionMaxAgeMs: 0 });
    get = async (path) => (await app.request(path)).text();
  });
  afterAll(async () => {
    await publisher?.close();
  });

  it("is kept in the source's state by the poll", () => {
    expect(Object.fromEntries([...states].map(([id, state]) => [id, state.language]))).toEqual({
      "en-rss": "en",
      "en-atom": "en",
      "de-rss": "de",
      "none-rss": null,
    });
  });

  it("is the topic feeds' language when all its sources declare it, and no language otherwise", async () => {
    const language = async (slug: string) =>
      childrenNamed(childNamed(parseStrictXml(await get(`/feeds/${slug}.rss`)), "channel"), "language").map(
        (node) => node.text,
      );
    expect(await language("english")).toEqual(["en"]);
    expect(await language("mixed")).toEqual([]);
    expect(await language("unsaid")).toEqual([]);
    expect(parseStrictXml(await get("/feeds/english.atom")).attributes["xml:lang"]).toBe("en");
    expect(JSON.parse(await get("/feeds/english.json")).language).toBe("en");
  });
});
