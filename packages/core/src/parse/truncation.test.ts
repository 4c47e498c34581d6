/** A document that ends before its root element closes is unparseable (an RSS body lacking only `</rss>` is read). */
import { describe, expect, it } from "vitest";
import { parseFeed } from "./index.ts";

const parse = (xml: string) => parseFeed(new TextEncoder().encode(xml), { url: "https://feeds.example/feed" });
const atomFeed = (entries: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${entries}</feed>`;
const rssFeed = (items: string) => `<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;

describe("truncated documents are unparseable", () => {
  const atom = atomFeed(
    [1, 2, 3]
      .map((n) => `<entry><id>${n}</id><title>Story ${n}</title><link href="https://b.example/${n}"/></entry>`)
      .join(""),
  );
  const rss = rssFeed(
    [1, 2, 3].map((n) => `<item><title>Story ${n}</title><link>https://b.example/${n}</link></item>`).join(""),
  );
  const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel>${[1, 2, 3].map((n) => `<item><title>Story ${n}</title></item>`).join("")}</rdf:RDF>`;

  it.each([
    ["Atom", atom, atom.length],
    ["RSS", rss, rss.indexOf("</channel>") + "</channel>".length - 1],
    ["RDF", rdf, rdf.length],
  ])("%s cut anywhere before its end is rejected", async (_name, xml, end) => {
    const start = xml.indexOf("<title>");
    for (let cut = start; cut < end; cut++) {
      await expect(parse(xml.slice(0, cut)), `cut at ${cut}`).rejects.toThrow(/ends before its root/);
    }
    await expect(parse(xml)).resolves.toMatchObject({ entries: [{}, {}, {}] });
  });

  it("reads an RSS body that lacks only </rss>, its channel complete", async () => {
    expect((await parse(rss.replace("</rss>", ""))).entries).toHaveLength(3);
  });
});
