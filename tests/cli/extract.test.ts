import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage } from "../../packages/core/src/extract/testdata/pages.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { runScript } from "../helpers/cli.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
const hostile = `<script>alert(1)</script><p onclick="x()">Read <a href="javascript:x()">this</a> <img src="/img/a.jpg" onerror="x()"></p>`;
beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/world/talks", { contentType: "text/html; charset=utf-8", body: articlePage({ body: hostile }) });
  publisher.set("/old/talks", { redirect: { to: "/world/talks" } });
  publisher.set("/gone", { status: 404, contentType: "text/html", body: "<h1>Not found</h1>" });
  publisher.set("/feed.xml", { contentType: "application/rss+xml", body: "<rss version='2.0'><channel/></rss>" });
  publisher.set("/cookies", {
    contentType: "text/html",
    body: `<html><head><title>Consent</title></head><body><p>We and our partners use cookies and tracking to store information on your device for personalised advertising. Accept cookies or manage your consent preferences and vendors in the settings.</p></body></html>`,
  });
});
afterAll(() => publisher.close());

const PAGE = "https://news.example/world/2025/talks";

describe("npm run extract", { timeout: 300_000 }, () => {
  it("--stdin prints the cleaned article HTML, fetching nothing, and exits 0", async () => {
    const result = await runScript("extract.ts", ["--", "--stdin", PAGE], {}, 60_000, articlePage({ body: hostile }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Paragraph0:");
    expect(result.stdout).toContain('src="https://news.example/img/a.jpg"');
    expect(result.stdout).not.toMatch(/<script|onclick|onerror|javascript:|Share on Twitter/i);
    expect(publisher.requests).toHaveLength(0);
  });

  it("--json prints one line {url, ok, title, contentHtml, imageUrl}; a page that is no article gives error and exit 1", async () => {
    const ok = await runScript("extract.ts", ["--stdin", "--json", PAGE], {}, 60_000, articlePage());
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "");
    expect(Object.keys(line)).toEqual(["url", "ok", "title", "contentHtml", "imageUrl"]);
    expect(line).toMatchObject({ url: PAGE, ok: true, title: "Talks in Geneva end without agreement", imageUrl: null });
    expect(line.contentHtml).toContain("Paragraph5:");

    const wall = await runScript(
      "extract.ts",
      ["--stdin", "--json", PAGE],
      {},
      60_000,
      '<html><body><div id="app">Loading…</div></body></html>',
    );
    expect(wall.code).toBe(1);
    expect(JSON.parse(wall.stdout)).toEqual({
      url: PAGE,
      ok: false,
      title: null,
      contentHtml: null,
      imageUrl: null,
      error: "not an article: only 1 words",
    });
  });

  it("fetches a URL through the fetcher (redirects followed), and says why a page gave nothing", async () => {
    const fetched = await runScript("extract.ts", ["--json", `${publisher.url}/old/talks`], {});
    expect(fetched.code).toBe(0);
    const line = JSON.parse(fetched.stdout);
    expect(line).toMatchObject({ url: `${publisher.url}/old/talks`, ok: true });
    expect(line.contentHtml).toContain(`src="${publisher.url}/img/a.jpg"`);
    expect(publisher.requests.map((r) => r.path)).toEqual(["/old/talks", "/world/talks"]);

    const failures: [string, RegExp][] = [
      ["/gone", /404/],
      ["/feed.xml", /not a web page/],
      ["/cookies", /cookie/],
    ];
    for (const [path, error] of failures) {
      const result = await runScript("extract.ts", ["--json", `${publisher.url}${path}`], {});
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: false,
        contentHtml: null,
        error: expect.stringMatching(error),
      });
    }
    const plain = await runScript("extract.ts", [`${publisher.url}/gone`], {});
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe("");
    expect(plain.stderr).toMatch(/extract: .*\/gone: .*404/);
  });

  it("exits 2 with its usage for a missing or relative URL or an unknown option", async () => {
    for (const args of [[], ["news.example/a"], ["--stdin"], ["--frobnicate", PAGE]]) {
      const result = await runScript("extract.ts", args, {});
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/usage: npm run extract/);
    }
  });
});
