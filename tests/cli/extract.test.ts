import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage } from "../../packages/core/src/extract/testdata/pages.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
const hostile = `<script>alert(1)</script><p onclick="x()">Read <a href="javascript:x()">this</a> <img src="/img/a.jpg" onerror="x()"></p>`;
beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/world/talks", { contentType: "text/html; charset=utf-8", body: articlePage({ body: hostile }) });
  publisher.set("/old/talks", { redirect: { to: "/world/talks" } });
  publisher.set("/gone", { status: 404, contentType: "text/html", body: "<h1>Not found</h1>" });
  publisher.set("/feed.xml", { contentType: "application/rss+xml", body: "<rss version='2.0'><channel/></rss>" });
  publisher.set("/configured/talks", { contentType: "text/html; charset=utf-8", body: articlePage() });
  publisher.set("/noise", { contentType: "text/html", body: noise() });
  publisher.set("/cookies", {
    contentType: "text/html",
    body: `<html><head><title>Consent</title></head><body><p>We and our partners use cookies and tracking to store information on your device for personalised advertising. Accept cookies or manage your consent preferences and vendors in the settings.</p></body></html>`,
  });
});
afterAll(() => publisher.close());

/** 200 KB from a seeded linear congruential generator: binary data, the same on every run. */
function noise(length = 200_000): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 11;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

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
      error: "not an article: only 1 word",
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
      ["/noise", /^not an article: the page is not text \(/],
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

  it("says what is wrong with a URL that is malformed or not http(s), above its usage, and exits 2", async () => {
    // One case of each rule (each is a process of its own): a URL the parser refuses (a bad port, an unclosed
    // IPv6 host, no host, a relative one are the same rule), another scheme, no URL, two, an unknown option.
    const cases: [string[], string][] = [
      [
        ["http://127.0.0.1:99999/a"],
        "extract: not a valid absolute URL (scheme, host, a port up to 65535): http://127.0.0.1:99999/a",
      ],
      [[], "extract: no URL given"],
      [["--stdin", "file:///etc/passwd"], "extract: not an http or https URL: file:///etc/passwd"],
      [[PAGE, PAGE], "extract: one URL at a time, not 2"],
      [["--frobnicate", PAGE], "extract: unknown option --frobnicate (options: --json, --stdin, --help)"],
    ];
    for (const [args, problem] of cases) {
      const result = await runScript("extract.ts", args, {});
      expect({ args, code: result.code, stderr: result.stderr.trim().split("\n") }).toEqual({
        args,
        code: 2,
        stderr: [problem, expect.stringMatching(/^usage: npm run extract/)],
      });
    }
  });

  it("exits 2 naming the file and its problem when the configuration does not load", async () => {
    const broken = writeConfig({});
    writeFileSync(broken, '{"title":"x","sources":[]');
    const result = await runScript("extract.ts", [`${publisher.url}/configured/talks`], { TRIBUTARY_CONFIG: broken });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${broken}: invalid JSON`);
    // Nothing fetched with limits other than the configuration's.
    expect(publisher.requests.filter((r) => r.path === "/configured/talks")).toEqual([]);
  });
});
