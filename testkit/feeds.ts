/** Builds fixture feeds for the local publisher. */

export interface FixtureEntry {
  title: string;
  link?: string;
  guid?: string;
  guidIsPermaLink?: boolean;
  pubDate?: string;
  description?: string;
  content?: string;
  categories?: string[];
  creator?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * An RSS 2.0 document with content:encoded and dc:creator, as news sites publish them; `channelXml` is written into
 * the channel as it is (`<ttl>`, `<skipHours>`, `sy:` elements: the `sy` prefix is declared).
 */
export function rss(channel: {
  title: string;
  link?: string;
  lastBuildDate?: string;
  channelXml?: string;
  items: FixtureEntry[];
}): string {
  const items = channel.items
    .map((item) =>
      [
        "<item>",
        `<title>${esc(item.title)}</title>`,
        item.link ? `<link>${esc(item.link)}</link>` : "",
        item.guid ? `<guid isPermaLink="${item.guidIsPermaLink ? "true" : "false"}">${esc(item.guid)}</guid>` : "",
        item.pubDate ? `<pubDate>${item.pubDate}</pubDate>` : "",
        item.creator ? `<dc:creator>${esc(item.creator)}</dc:creator>` : "",
        ...(item.categories ?? []).map((c) => `<category>${esc(c)}</category>`),
        item.description ? `<description>${esc(item.description)}</description>` : "",
        item.content ? `<content:encoded>${esc(item.content)}</content:encoded>` : "",
        "</item>",
      ].join(""),
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"${channel.channelXml ? ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"' : ""}>
<channel><title>${esc(channel.title)}</title><link>${esc(channel.link ?? "https://news.example/")}</link><description>${esc(channel.title)}</description>
${channel.lastBuildDate ? `<lastBuildDate>${channel.lastBuildDate}</lastBuildDate>` : ""}${channel.channelXml ?? ""}
${items}
</channel></rss>`;
}

/** An RFC 822 date `hours` after a fixed recent instant. */
export function pubDate(hours: number, base = Date.now() - 10 * 86_400_000): string {
  return new Date(base + hours * 3_600_000).toUTCString();
}

/** An RSS feed titled "A" with `n` stories: "Story 1" dated an hour after `pubDate`'s base, each next one an hour later. */
export function stories(n: number): string {
  return rss({
    title: "A",
    items: Array.from({ length: n }, (_, i) => ({
      title: `Story ${i + 1}`,
      link: `https://news.example/${i + 1}/`,
      pubDate: pubDate(i + 1),
    })),
  });
}
