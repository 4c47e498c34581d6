import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { ROOT, until } from "../helpers/cli.ts";

// `npm run demo` end to end: the bundled snapshots of the Responsible Statecraft sections (demo/feeds/) are
// published locally, polled, merged into topics, and served; Ctrl-C stops the whole tree.

/** An article that the snapshots list in Diplomacy Watch, QiOSK, ukraine war, Europe and Latest. */
const SHARED_SLUG = "/european-peacekeepers-ukraine/";
/** Another one: Diplomacy Watch, QiOSK, ukraine war and Latest. */
const OTHER_SHARED_SLUG = "/diplomacy-watch-ukraine-russia-talks/";
/** The titles of the ukraine-war topic's sources (tributary.config.ts); "Europe" is not among the article's own categories. */
const SECTION_TITLES = ["ukraine war", "Diplomacy Watch", "QiOSK", "Europe"];

interface FeedItem {
  link: string;
  categories: string[];
}

const decode = (text: string) =>
  text
    .replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();

function rssItems(xml: string): FeedItem[] {
  return [...xml.matchAll(/<item(?:\s[^>]*)?>([\s\S]*?)<\/item>/g)].map(([, body = ""]) => ({
    link: decode(/<link>([\s\S]*?)<\/link>/.exec(body)?.[1] ?? ""),
    categories: [...body.matchAll(/<category(?:\s[^>]*)?>([\s\S]*?)<\/category>/g)].map(([, c = ""]) => decode(c)),
  }));
}

const withSlug = (items: FeedItem[], slug: string) => items.filter((item) => new URL(item.link).pathname === slug);
const sectionsOf = (item: FeedItem) => {
  const own = new Set(item.categories.map((c) => c.toLowerCase()));
  return SECTION_TITLES.filter((title) => own.has(title.toLowerCase()));
};

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** DynamoDB Local processes keeping their data under `dir`, as `pid args` lines. */
function enginesUnder(dir: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps
    .split("\n")
    .filter(
      (line) =>
        line.includes("DynamoDBLocal.jar") &&
        new RegExp(`-dbPath\\s+${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(line),
    );
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(() => {
  // Only on failure is anything left: stop what this test started, by pid.
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (dataDir) {
    for (const line of enginesUnder(dataDir)) process.kill(Number(line.trim().split(/\s+/)[0]), "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe("npm run demo", () => {
  it("serves the snapshot sections merged into topics, each article once, and stops cleanly on Ctrl-C", async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "tributary-demo-"));
    const port = await freePort();
    // tsx directly, as `npm run demo` ends up running it: npm's own process answers SIGINT by dying of it
    // (and a SIGINT sent to npx alone is not passed through its `sh -c`), so its exit status says nothing.
    child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: ROOT,
      env: { ...process.env, DYNAMODB_ENDPOINT: "", TRIBUTARY_DEMO_DATA: dataDir, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const feedUrl = `http://127.0.0.1:${port}/feeds/ukraine-war.rss`;
    const read = async () => {
      const response = await fetch(feedUrl);
      return response.status === 200 ? rssItems(await response.text()) : undefined;
    };

    await until(
      "the ukraine-war topic with 3 items",
      async () => {
        const items = await read();
        return items && items.length >= 3 ? items : undefined;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    // The first cycle polls the sections concurrently, and a rendered feed may be kept for 10 s: wait until the
    // shared article has been seen in every section of the topic, then check the last answer.
    let items: FeedItem[] = [];
    await until(
      "the shared article from every section",
      async () => {
        items = (await read()) ?? items;
        const copies = withSlug(items, SHARED_SLUG);
        return copies.length === 1 && copies[0] && sectionsOf(copies[0]).length === SECTION_TITLES.length
          ? true
          : undefined;
      },
      30_000,
    ).catch(() => {});

    const shared = withSlug(items, SHARED_SLUG);
    expect(shared, "listed in five sections, one with utm_* links, one with http links").toHaveLength(1);
    expect(sectionsOf(shared[0] as FeedItem)).toEqual(SECTION_TITLES);
    expect(withSlug(items, OTHER_SHARED_SLUG)).toHaveLength(1);
    const links = items.map((item) => new URL(item.link).pathname);
    expect(new Set(links).size).toBe(links.length);
    // The include filter keeps the QiOSK brief on the South China Sea and the Europe piece on Germany out.
    expect(links).not.toContain("/scarborough-shoal-china-philippines/");
    expect(links).not.toContain("/germany-snap-election-defense/");

    // The demo serves its own images: every item's image, in the API and in the feed, answers from the demo's
    // feed server, none from the real image host.
    const api = (await (await fetch(`http://127.0.0.1:${port}/api/topics/ukraine-war/items?limit=50`)).json()) as {
      items: { imageUrl: string | null; contentHtml: string | null }[];
    };
    const images = api.items.map((item) => item.imageUrl).filter((url): url is string => url !== null);
    expect(images.length).toBeGreaterThan(0);
    const publisher = /at (http:\/\/127\.0\.0\.1:\d+)\/feeds\//.exec(output)?.[1];
    for (const url of images) {
      expect(url.startsWith(`${publisher}/images/`), url).toBe(true);
      const image = await fetch(url);
      expect(image.status, url).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/png");
    }
    const served = JSON.stringify(api) + (await (await fetch(feedUrl)).text());
    expect(served).not.toContain("assets.rbl.ms");
    expect(served).not.toContain("{{ORIGIN}}");

    child.kill("SIGINT");
    expect(await exited(child, 15_000)).toBe(0);
    expect(enginesUnder(dataDir)).toEqual([]);
  }, 180_000);
});
