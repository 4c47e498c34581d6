/** Plain text reads alike in every format, through the whole of readFeed. */
import { describe, expect, it } from "vitest";
import { readFeed } from "../normalize/index.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const read = (body: string) =>
  readFeed(encode(body), { url: "https://feeds.example/feed", sourceId: "s", now: new Date("2024-06-01T00:00:00Z") });
const atomFeed = (entries: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${entries}</feed>`;
const rssFeed = (items: string) => `<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;

describe("plain text reads alike in every format", () => {
  const NAMES = ["head", "title", "template", "noscript", "xmp"];
  it.each(NAMES)("keeps the words around <%s> in RSS, Atom html and text titles and JSON Feed", async (name) => {
    const expected = `A short tour of the <${name}> elements`;
    const escaped = `A short tour of the &amp;lt;${name}&amp;gt; elements`;
    const rss = rssFeed(`<item><title>A short tour of the &lt;${name}&gt; elements</title></item>`);
    const atomHtml = atomFeed(`<entry><id>1</id><title type="html">${escaped}</title></entry>`);
    const atomText = atomFeed(`<entry><id>1</id><title>A short tour of the &lt;${name}&gt; elements</title></entry>`);
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "Here&#8217;s what&#8217;s new &amp; improved",
      items: [{ id: "1", title: expected, summary: "Caf&eacute; <b>au</b> lait" }],
    });
    for (const xml of [rss, atomHtml, atomText, json]) expect((await read(xml)).items[0]?.title).toBe(expected);
    const feed = await read(json);
    expect(feed.info.title).toBe("Here’s what’s new & improved");
    expect(feed.items[0]?.summary).toBe("Café au lait");
  });

  it("drops active markup from titles in every format, the headline staying", async () => {
    const rss = rssFeed("<item><title>&lt;img src=x onerror=alert(1)&gt;Headline</title></item>");
    const atom = atomFeed("<entry><id>1</id><title>&lt;img src=x onerror=alert(1)&gt;Headline</title></entry>");
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      items: [{ id: "1", title: "<img src=x onerror=alert(1)>Headline" }],
    });
    for (const body of [rss, atom, json]) expect((await read(body)).items[0]?.title).toBe("Headline");
  });
});

describe("active markup goes from plain text in every format, escaped or not, the words around staying", () => {
  const REFRESH = `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`;
  const escaped = (html: string) => html.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const quote = (html: string) => escaped(html).replaceAll('"', "&quot;");
  const summaries = [
    `Before ${REFRESH} after`,
    `Before <link rel=stylesheet href=https://evil.example/x.css><base href=https://evil.example/> after`,
    "Before <style><form action=https://evil.example/><input name=p></form> after",
  ];
  it.each(summaries)("%s", async (html) => {
    const bodies = [
      rssFeed(`<item><title>T</title><description>${escaped(html)}</description></item>`),
      rssFeed(`<item><title>T</title><description>${escaped(escaped(html))}</description></item>`),
      rssFeed(`<item><title>T</title><description><![CDATA[${html}]]></description></item>`),
      atomFeed(`<entry><id>1</id><title>T</title><summary type="html">${escaped(html)}</summary></entry>`),
      atomFeed(`<entry><id>1</id><title>T</title><summary>${escaped(html)}</summary></entry>`),
      JSON.stringify({ version: "https://jsonfeed.org/version/1.1", items: [{ id: "1", summary: html }] }),
      JSON.stringify({ version: "https://jsonfeed.org/version/1.1", items: [{ id: "1", summary: quote(html) }] }),
    ];
    for (const body of bodies) expect((await read(body)).items[0]?.summary, body).toBe("Before after");
  });
});
