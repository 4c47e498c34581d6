/**
 * A hostile fixture site read, stored and served as in production: its source feeds go through the real reading
 * side (`readFeed`) and merge, their states keep the language each declared, and an app serves the topics.
 */

import { type Config, validateConfig } from "@tributary/core/config";
import type { Item } from "@tributary/core/item";
import { readFeed } from "@tributary/core/normalize";
import { mergeItems } from "@tributary/core/poll";
import { pendingState, type Store } from "@tributary/core/store";
import { createApp } from "../../functions/api/app.ts";
import { createTestStore } from "../helpers/store.ts";

/** The clock of the served app and of the items' dates. */
export const NOW = new Date("2026-11-26T12:00:00.000Z");

/** RSS 2.0 with every RSS image source read, markup-looking titles, entities and hostile authors and categories. */
const RSS_SOURCE = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Hostile &lt;script&gt;alert(1)&lt;/script&gt; Site</title><link>https://site.example/</link>
<description>d</description><language>en</language>
<item><title>The &lt;head&gt; element explained</title><link>https://site.example/head</link>
  <pubDate>Thu, 26 Nov 2026 11:00:00 GMT</pubDate>
  <dc:creator>Eve &lt;script&gt;alert(1)&lt;/script&gt; Doe</dc:creator>
  <category>&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt; news</category><category>a &amp;lt; b &amp;amp; c</category>
  <media:content url="/img/media.jpg" medium="image"/></item>
<item><title>Tom &amp;amp; Jerry &amp;copy; 5 &lt; 6 &amp;&amp; AT&amp;T</title><link>https://site.example/tom</link>
  <pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate><author>x@site.example (Mal &lt;img src=x onerror=alert(1)&gt; Lory)</author>
  <enclosure url="https://cdn.site.example/enclosure.jpg" type="image/jpeg" length="1"/></item>
<item><title><![CDATA[CDATA <svg onload=alert(1)>title</svg> & <i>italic</i>]]></title><link>https://site.example/itunes</link>
  <pubDate>Thu, 26 Nov 2026 09:00:00 GMT</pubDate><itunes:image href="https://cdn.site.example/itunes.png"/></item>
<item><title>Thumbnail only</title><link>https://site.example/thumb</link><pubDate>Thu, 26 Nov 2026 08:00:00 GMT</pubDate>
  <media:thumbnail url="https://cdn.site.example/thumb.jpg"/></item>
<item><title>From its content</title><link>https://site.example/content</link><pubDate>Thu, 26 Nov 2026 07:00:00 GMT</pubDate>
  <content:encoded>&lt;p&gt;Text &lt;img src="/img/inline.png"&gt;&lt;/p&gt;</content:encoded></item>
</channel></rss>`;

/** Atom with an enclosure link and a `type="html"` title holding an active element; `xml:lang` declares English. */
const ATOM_SOURCE = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Atom section</title><id>urn:x:atom</id>
<updated>2026-11-26T06:00:00Z</updated><link href="https://atom.example/"/>
<entry><title type="html">&lt;iframe src="javascript:alert(1)"&gt;&lt;/iframe&gt;Framed &amp;amp; found</title>
  <id>urn:x:1</id><link rel="alternate" href="https://atom.example/framed"/><updated>2026-11-26T06:00:00Z</updated>
  <link rel="enclosure" type="image/png" href="https://cdn.atom.example/enclosure.png"/>
  <author><name>Ann &lt;b&gt;Bold&lt;/b&gt;</name></author><category term="&lt;script&gt;x&lt;/script&gt;"/></entry>
<entry><title>Shared article</title><id>urn:x:2</id><link rel="alternate" href="https://site.example/head"/>
  <updated>2026-11-26T11:00:00Z</updated></entry>
</feed>`;

/** JSON Feed 1.1 with `image` and `banner_image`, and titles carrying markup. */
const JSON_SOURCE = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "JSON <b>section</b>",
  language: "en",
  items: [
    {
      id: "j1",
      url: "https://json.example/img",
      title: "<img src=x onerror=alert(1)>Title",
      content_text: "text",
      image: "https://cdn.json.example/image.jpg",
      date_published: "2026-11-26T05:00:00Z",
      authors: [{ name: "<script>alert(1)</script>Jo" }],
      tags: ["<svg/onload=alert(1)>", "&amp; entity"],
    },
    {
      id: "j2",
      url: "https://json.example/banner",
      title: "Banner &lt;only&gt;",
      content_text: "text",
      banner_image: "https://cdn.json.example/banner.jpg",
      date_published: "2026-11-26T04:00:00Z",
    },
  ],
});

/** The sources: the RSS one untitled (its own hostile title is shown), the others titled with markup-like text. */
export const readersConfig: Config = validateConfig({
  title: "Readers <test> & co",
  sources: [
    { id: "rss", url: "https://site.example/feed.rss" },
    { id: "atom", url: "https://atom.example/feed.atom", title: "Atom <section> & more" },
    { id: "json", url: "https://json.example/feed.json", title: "JSON" },
  ],
  topics: [
    { slug: "all", title: "Everything <b>here</b> & there", description: "All <i>of</i> it & more", sources: ["*"] },
    { slug: "rss-only", title: "RSS only", sources: ["rss"] },
    { slug: "atom-only", title: "Atom only", sources: ["atom"] },
  ],
});

const SOURCES: Record<string, { body: string; type: string }> = {
  rss: { body: RSS_SOURCE, type: "application/rss+xml" },
  atom: { body: ATOM_SOURCE, type: "application/atom+xml" },
  json: { body: JSON_SOURCE, type: "application/feed+json" },
};

/** Stored plain text that reached the store whatever the reading side does: every field hostile. */
export const storedHostile: Item = {
  id: "stored-hostile",
  url: "https://site.example/stored",
  title: `<img src=x onerror=alert(1)>Stored & "quoted" <script>alert(2)</script> &lt;b&gt; end`,
  summary: "<iframe src=javascript:alert(1)></iframe> summary & <b>more</b>",
  contentHtml: null,
  contentSource: "feed",
  author: `<a href="javascript:alert(1)">Author</a> & co`,
  categories: ["<script>cat()</script>", "x &amp; y", "<b onclick=alert(1)>bold</b>"],
  imageUrl: "https://cdn.site.example/stored.jpg",
  publishedAt: "2026-11-26T03:00:00.000Z",
  updatedAt: "2026-11-26T03:00:00.000Z",
  sources: ["rss"],
  story: { id: "stored-hostile", size: 1 },
};

/** Reads every source as a poll does, stores the hostile item too, and returns an app serving it all. */
export async function servedSite(config: Config = readersConfig) {
  const store: Store = await createTestStore();
  for (const source of config.sources) {
    const fixture = SOURCES[source.id];
    if (!fixture) continue;
    const body = new TextEncoder().encode(fixture.body);
    const feed = await readFeed(body, { contentType: fixture.type, url: source.url, sourceId: source.id, now: NOW });
    const items = source.id === "rss" ? [...feed.items, storedHostile] : feed.items;
    await mergeItems(store, config, source.id, items, NOW);
    await store.sources.save({
      ...pendingState(source.id, source.url, NOW),
      status: "ok",
      title: feed.info.title,
      link: feed.info.link,
      language: feed.info.language,
    });
  }
  const app = createApp({ config, store, now: () => NOW, listVersionMaxAgeMs: 0 });
  const get = async (path: string) => {
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return res.text();
  };
  return { config, store, app, get };
}
