import { connect, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Publisher, startPublisher } from "../../../../testkit/publisher.ts";
import { UniqueIds } from "../config/ids.ts";
import { Fetcher, type FetcherOptions } from "../fetch/index.ts";
import { discoverFeeds, sourceEntries } from "./index.ts";

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link></channel></rss>`;
const atom = (title: string) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>urn:x</id><updated>2024-12-01T00:00:00Z</updated></feed>`;
const jsonFeed = (title: string) => JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title, items: [] });
const page = (head: string) => `<!doctype html><html><head><title>Page</title>${head}</head><body>Hi</body></html>`;
const html = "text/html; charset=utf-8";

let publisher: Publisher;
beforeEach(async () => {
  publisher = await startPublisher();
});
afterEach(() => publisher.close());

const fetcherWith = (options: Partial<FetcherOptions> = {}) =>
  new Fetcher({ concurrency: 4, perHost: 2, timeoutMs: 5_000, maxBytes: 1 << 20, ...options });

describe("discoverFeeds", () => {
  it("finds the RSS, Atom and JSON feeds a page announces, with their formats and titles", async () => {
    publisher.set("/regions/europe/", {
      contentType: html,
      body: page(`
        <base href="/regions/">
        <link rel="stylesheet" href="/style.css">
        <link rel="alternate" type="application/rss+xml" title="Europe &amp; more&lt;script&gt;x&lt;/script&gt;" href="/feeds/regions/europe.rss">
        <LINK REL="Alternate" TYPE="application/atom+xml" HREF="europe.atom">
        <link rel="alternate" type="application/feed+json" href="europe.json">
        <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/12">
        <link rel="alternate" type="application/rss+xml" href="/feeds/gone.rss">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">`),
    });
    publisher.set("/feeds/regions/europe.rss", { body: rss("Europe RSS") });
    publisher.set("/regions/europe.atom", { body: atom("Europe <i>Atom</i>") });
    publisher.set("/regions/europe.json", { body: jsonFeed("Europe JSON") });
    publisher.set("/wp-json/wp/v2/pages/12", { body: jsonFeed("not announced as a feed") });
    publisher.set("/feeds/gone.rss", { status: 404, body: "gone" });

    const found = await discoverFeeds(`${publisher.url}/regions/europe/`, { fetcher: fetcherWith() });
    expect(found).toEqual({
      input: `${publisher.url}/regions/europe/`,
      via: "links",
      feeds: [
        { url: `${publisher.url}/feeds/regions/europe.rss`, title: "Europe & more", format: "rss" },
        { url: `${publisher.url}/regions/europe.atom`, title: "Europe Atom", format: "atom" },
        { url: `${publisher.url}/regions/europe.json`, title: "Europe JSON", format: "json" },
      ],
    });
    expect(publisher.requests.map((r) => r.path)).not.toContain("/wp-json/wp/v2/pages/12");
  });

  it("takes the page itself when it is a feed", async () => {
    publisher.set("/europe.atom", { body: atom("Europe"), contentType: "text/plain" });
    const found = await discoverFeeds(`${publisher.url}/europe.atom`, { fetcher: fetcherWith() });
    expect(found).toMatchObject({
      via: "self",
      feeds: [{ url: `${publisher.url}/europe.atom`, title: "Europe", format: "atom" }],
    });
  });

  it("tries the section's common feed paths before the site's", async () => {
    publisher.set("/tag/ukraine-war/", { contentType: html, body: page("") });
    publisher.set("/feeds/tag/ukraine-war.rss", { body: rss("ukraine war") });
    publisher.set("/feed/", { body: rss("Everything") });
    const found = await discoverFeeds(`${publisher.url}/tag/ukraine-war/`, { fetcher: fetcherWith() });
    expect(found).toMatchObject({
      via: "paths",
      feeds: [{ url: `${publisher.url}/feeds/tag/ukraine-war.rss`, title: "ukraine war", format: "rss" }],
    });
    expect(publisher.requests.map((r) => r.path)).not.toContain("/feed/");
  });

  it("falls back to the site's common feed paths, each feed once", async () => {
    publisher.set("/about", { contentType: html, body: page("") });
    publisher.set("/feed/", { body: rss("Everything") });
    publisher.set("/rss/", { redirect: { to: "/feed/" } });
    publisher.set("/?format=rss", { contentType: html, body: page("") });
    const found = await discoverFeeds(`${publisher.url}/about`, { fetcher: fetcherWith() });
    expect(found).toMatchObject({ via: "paths", feeds: [{ url: `${publisher.url}/feed/`, title: "Everything" }] });
  });

  it("finds nothing on a page with no feed anywhere", async () => {
    publisher.set("/plain", { contentType: html, body: page('<link rel="alternate" hreflang="fr" href="/fr/">') });
    const found = await discoverFeeds(`${publisher.url}/plain`, { fetcher: fetcherWith() });
    expect(found).toEqual({ input: `${publisher.url}/plain`, feeds: [], via: "none" });
  });

  it("follows a redirect and resolves the announced links against the page it landed on", async () => {
    publisher.set("/europe", { redirect: { to: "/sections/europe/", status: 301 } });
    publisher.set("/sections/europe/", {
      contentType: html,
      body: page('<link rel="alternate" type="application/rss+xml" href="feed.xml">'),
    });
    publisher.set("/sections/europe/feed.xml", { redirect: { to: "/final/europe.rss", status: 302 } });
    publisher.set("/final/europe.rss", { body: rss("Europe") });
    const found = await discoverFeeds(`${publisher.url}/europe`, { fetcher: fetcherWith() });
    expect(found.feeds).toEqual([{ url: `${publisher.url}/final/europe.rss`, title: "Europe", format: "rss" }]);
  });

  it("says why a page could not be fetched, having tried the common paths of a site that answered", async () => {
    publisher.set("/missing", { status: 404, body: "no" });
    const found = await discoverFeeds(`${publisher.url}/missing`, { fetcher: fetcherWith() });
    expect(found).toMatchObject({ feeds: [], via: "none", error: expect.stringContaining("404") });
    expect(publisher.requests.map((r) => r.path)).toContain("/missing/feed/");

    publisher.set("/feed/", { body: rss("Everything") });
    const fallback = await discoverFeeds(`${publisher.url}/gone-section/`, { fetcher: fetcherWith() });
    expect(fallback).toEqual({
      input: `${publisher.url}/gone-section/`,
      via: "paths",
      feeds: [{ url: `${publisher.url}/feed/`, title: "Everything", format: "rss" }],
    });
  });

  describe("address rules (names resolved by an injected resolver, every connection dialled to loopback)", () => {
    const names: Record<string, string> = {
      "public.test": "203.0.113.10",
      "private.test": "10.0.0.5",
      "metadata.test": "169.254.169.254",
    };
    /** Also `rebind.test`: public on its first resolution, loopback on every later one. */
    function harness() {
      const dialled: string[] = [];
      let rebinds = 0;
      const fetcher = fetcherWith({
        resolve: async (hostname) => {
          const address = hostname === "rebind.test" ? (rebinds++ ? "127.0.0.1" : "203.0.113.20") : names[hostname];
          if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
          return [{ address, family: 4 }];
        },
        dial: (address): Socket => {
          dialled.push(address);
          return connect({ host: "127.0.0.1", port: Number(new URL(publisher.url).port) });
        },
      });
      return { fetcher, dialled };
    }

    it("refuses a link-local address and tries nothing else", async () => {
      const { fetcher, dialled } = harness();
      const found = await discoverFeeds("http://metadata.test/latest/", { fetcher });
      expect(found).toMatchObject({ feeds: [], via: "none", error: expect.stringMatching(/refusing.*link-local/) });
      expect(dialled).toEqual([]);
    });

    it("refuses a redirect from a public address to a loopback one", async () => {
      publisher.set("/page", { redirect: { to: `${publisher.url}/inside` } });
      publisher.set("/inside", { contentType: html, body: page("") });
      const { fetcher, dialled } = harness();
      const found = await discoverFeeds("http://public.test/page", { fetcher });
      expect(found.error).toMatch(/redirect from a public address/);
      expect(dialled).toEqual(["203.0.113.10"]);
      expect(publisher.requests.map((r) => r.path)).toEqual(["/page"]);
    });

    /** A page announcing a feed on loopback (as a literal and as `[::1]`) and one on a private name. */
    const announcingInternalFeeds = () => {
      const port = new URL(publisher.url).port;
      const links = [`${publisher.url}/admin.rss`, `http://[::1]:${port}/admin.rss`, "http://private.test/admin.rss"];
      publisher.set("/admin.rss", { body: rss("Admin") });
      publisher.set("/announcing", {
        contentType: html,
        body: page(links.map((href) => `<link rel="alternate" type="application/rss+xml" href="${href}">`).join("")),
      });
      return links;
    };

    it.each([
      ["a public page", "http://public.test/announcing", ["203.0.113.10"]],
      ["a local page redirecting to a public one", "/to-public", ["127.0.0.1", "203.0.113.10"]],
    ])("never fetches the loopback or private feeds announced by %s", async (_name, input, pageHops) => {
      announcingInternalFeeds();
      publisher.set("/to-public", { redirect: { to: "http://public.test/announcing" } });
      const { fetcher, dialled } = harness();
      const url = input.startsWith("/") ? `${publisher.url}${input}` : input;
      const found = await discoverFeeds(url, { fetcher });
      expect(found).toEqual({ input: url, feeds: [], via: "none" });
      expect(publisher.requests.map((r) => r.path)).not.toContain("/admin.rss");
      // The page's hops, then only its public host's common feed paths.
      expect(dialled.slice(0, pageHops.length)).toEqual(pageHops);
      expect(new Set(dialled.slice(pageHops.length))).toEqual(new Set(["203.0.113.10"]));
    });

    it("lets a local page announce loopback and private feeds", async () => {
      const links = announcingInternalFeeds();
      const { fetcher, dialled } = harness();
      const found = await discoverFeeds(`${publisher.url}/announcing`, { fetcher });
      expect(found).toMatchObject({ via: "links", feeds: links.map((url) => ({ url, title: "Admin" })) });
      expect(new Set(dialled)).toEqual(new Set(["127.0.0.1", "::1", "10.0.0.5"]));
    });

    it("holds the common feed paths of a public page to the same rule", async () => {
      publisher.set("/plain", { contentType: html, body: page("") });
      publisher.set("/feed/", { body: rss("Everything") });
      const { fetcher, dialled } = harness();
      const found = await discoverFeeds("http://rebind.test/plain", { fetcher });
      expect(found).toEqual({ input: "http://rebind.test/plain", feeds: [], via: "none" });
      expect(dialled).toEqual(["203.0.113.20"]);
    });

    it("reads a typed address without a scheme as https", async () => {
      const { fetcher, dialled } = harness();
      const found = await discoverFeeds("public.test/europe", { fetcher });
      // The dialled loopback publisher speaks plain HTTP: the TLS handshake fails, after the https dial.
      expect(found.feeds).toEqual([]);
      expect(dialled).toEqual(["203.0.113.10"]);
    });
  });
});

describe("sourceEntries", () => {
  it("gives each feed an id from its title, else its address, unique against those taken", () => {
    const taken = new UniqueIds(["europe"]);
    const entries = sourceEntries(
      [
        { url: "https://a.example/europe.rss", title: "Europe", format: "rss" },
        { url: "https://a.example/europe.atom", title: "Europe", format: "atom" },
        { url: "https://www.b.example/feed/", title: null, format: "rss" },
      ],
      taken,
    );
    expect(entries).toEqual([
      { id: "europe-2", url: "https://a.example/europe.rss", title: "Europe" },
      { id: "europe-3", url: "https://a.example/europe.atom", title: "Europe" },
      { id: "b-example-feed", url: "https://www.b.example/feed/" },
    ]);
  });
});
