/**
 * `npm run poll -- --source ID…`, `enabled: false` and a source's request headers, through the command against
 * loopback publishers, and the health the API then serves.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { validateConfig } from "@tributary/core/config";
import { openStore } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";

const SECRET = {
  "User-Agent": "Reader/2 (+ops@example.org)",
  Cookie: "session=c00kie-s3cr3t",
  Authorization: "Bearer t0ken-s3cr3t",
};
const LEAK = /s3cr3t/;

let publisher: Publisher;
let other: Publisher;
beforeAll(async () => {
  publisher = await startPublisher();
  other = await startPublisher();
  const feed = (name: string) =>
    rss({
      title: name,
      items: [{ title: `${name} story`, link: `https://news.example/${name}/`, pubDate: pubDate(1) }],
    });
  for (const name of ["a", "b", "off"]) publisher.set(`/${name}.rss`, { body: feed(name) });
  publisher.set("/gone.rss", { status: 410 });
  publisher.set("/denied.rss", { status: 403 });
  publisher.set("/away.rss", { redirect: { to: `${other.url}/there.rss` } });
  other.set("/there.rss", { body: feed("there") });
});
afterAll(async () => {
  await publisher.close();
  await other.close();
});

function configInput(offEnabled: boolean) {
  return {
    title: "CLI",
    sources: [
      { id: "a", url: `${publisher.url}/a.rss`, headers: SECRET },
      { id: "b", url: `${publisher.url}/b.rss` },
      { id: "off", url: `${publisher.url}/off.rss`, enabled: offEnabled },
      { id: "gone", url: `${publisher.url}/gone.rss` },
      { id: "denied", url: `${publisher.url}/denied.rss`, headers: SECRET },
      { id: "away", url: `${publisher.url}/away.rss`, headers: SECRET },
    ],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  };
}

const lastLine = (text: string) => JSON.parse(text.trim().split("\n").at(-1) as string);
/** Every line of a `--json` run's output, each parsed: a line that is not JSON fails the test. */
const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
const paths = (from: number) => publisher.requests.slice(from).map((r) => r.path);

describe("npm run poll -- --source", () => {
  it("polls only the sources named, refuses unknown and disabled ones, skips gone ones, never shows headers", async () => {
    const file = writeConfig(configInput(true));
    const env = { TRIBUTARY_CONFIG: file, DYNAMODB_ENDPOINT: engineEndpoint(), TABLE_NAME: `cli-${randomUUID()}` };

    let seen = publisher.requests.length;
    const one = await runScript("poll.ts", ["--source", "a", "--json"], env);
    expect(one.code).toBe(0);
    expect(paths(seen)).toEqual(["/a.rss"]);
    expect(lastLine(one.stdout)).toMatchObject({ sources: 1, fetched: 1, itemsNew: 1 });
    const [request] = publisher.requests.slice(seen);
    expect(request?.headers["user-agent"]).toBe(SECRET["User-Agent"]);
    expect(request?.headers.cookie).toBe(SECRET.Cookie);
    expect(request?.headers.authorization).toBe(SECRET.Authorization);

    // Every source: the off one is still enabled here; gone answers 410, denied 403, away leaves the origin.
    seen = publisher.requests.length;
    const otherSeen = other.requests.length;
    const all = await runScript("poll.ts", ["--json"], env);
    expect(all.code).toBe(0);
    expect(paths(seen).sort()).toEqual(["/a.rss", "/away.rss", "/b.rss", "/denied.rss", "/gone.rss", "/off.rss"]);
    const [there] = other.requests.slice(otherSeen);
    expect(there?.headers["user-agent"]).toBe(SECRET["User-Agent"]);
    expect(there?.headers.cookie).toBeUndefined();
    expect(there?.headers.authorization).toBeUndefined();
    expect(`${one.stdout}${one.stderr}${all.stdout}${all.stderr}`).not.toMatch(LEAK);

    // Backoff does not hold back a source named; a gone one is skipped with a line; several ids at once.
    seen = publisher.requests.length;
    const named = await runScript("poll.ts", ["--source", "denied", "gone", "b", "--json"], env);
    expect(named.code).toBe(0);
    expect(paths(seen).sort()).toEqual(["/b.rss", "/denied.rss"]);
    // With --json, the skip is a JSON line like every other line of the run.
    expect(jsonLines(named.stderr)).toContainEqual({ event: "skipped", id: "gone", reason: "gone" });
    jsonLines(named.stdout);
    expect(lastLine(named.stdout)).toMatchObject({ sources: 2, failed: 1 });
    expect(`${named.stdout}${named.stderr}`).not.toMatch(LEAK);

    seen = publisher.requests.length;
    const unknown = await runScript("poll.ts", ["--source", "a", "nope", "--json"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--source nope: unknown source "nope"/);
    const empty = await runScript("poll.ts", ["--source"], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--source needs at least one source id/);
    expect(paths(seen)).toEqual([]);

    // Disabled: never fetched, shown disabled, its items kept; --source refuses it.
    writeFileSync(file, JSON.stringify(configInput(false)));
    seen = publisher.requests.length;
    const disabled = await runScript("poll.ts", ["--json"], env);
    expect(disabled.code).toBe(0);
    expect(paths(seen)).not.toContain("/off.rss");
    const refused = await runScript("poll.ts", ["--source", "off"], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--source off: source "off" is disabled \(enabled: false\)/);

    const store = await openStore({ endpoint: env.DYNAMODB_ENDPOINT, tableName: env.TABLE_NAME, retentionDays: 90 });
    try {
      const app = createApp({ config: validateConfig(configInput(false)), store, listVersionMaxAgeMs: 0 });
      const health = await (await app.request("/api/sources")).text();
      expect(health).not.toMatch(LEAK);
      const sources = JSON.parse(health).sources as {
        id: string;
        status: string;
        nextFetchAt: string | null;
        lastError: string | null;
      }[];
      const byId = new Map(sources.map((s) => [s.id, s]));
      expect(byId.get("off")).toMatchObject({ status: "disabled", nextFetchAt: null });
      expect(byId.get("gone")?.status).toBe("gone");
      expect(byId.get("denied")).toMatchObject({ status: "failing", lastError: expect.stringMatching(/403/) });
      expect(byId.get("a")).toMatchObject({ status: "ok", nextFetchAt: expect.any(String) });
      const items = await (await app.request("/api/sources/off/items")).json();
      expect(items.items.map((item: { title: string }) => item.title)).toEqual(["off story"]);
      const page = await (await app.request("/sources")).text();
      expect(page).toMatch(/Disabled/);
      expect(page).not.toMatch(LEAK);
    } finally {
      store.close();
    }

    // Re-enabled, it is polled again.
    writeFileSync(file, JSON.stringify(configInput(true)));
    seen = publisher.requests.length;
    const again = await runScript("poll.ts", ["--source", "off", "--json"], env);
    expect(again.code).toBe(0);
    expect(paths(seen)).toEqual(["/off.rss"]);
  }, 180_000);

  it("skips a source a Retry-After holds back with a line naming until when, in every output mode", async () => {
    publisher.set("/busy.rss", { status: 503, headers: { "retry-after": "3600" }, body: "busy" });
    const input = {
      title: "CLI",
      sources: [
        { id: "busy", url: `${publisher.url}/busy.rss` },
        { id: "b", url: `${publisher.url}/b.rss` },
      ],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    };
    const env = {
      TRIBUTARY_CONFIG: writeConfig(input),
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: `cli-${randomUUID()}`,
    };
    const first = await runScript("poll.ts", ["--json"], env);
    expect(lastLine(first.stdout)).toMatchObject({ sources: 2, failed: 1 });

    const store = await openStore({ endpoint: env.DYNAMODB_ENDPOINT, tableName: env.TABLE_NAME, retentionDays: 90 });
    const until = (await store.sources.states(["busy"])).get("busy")?.retryAfterUntil;
    store.close();
    expect(until).toEqual(expect.any(String));

    const skipped = { event: "skipped", id: "busy", reason: "retry-after", until };
    for (const json of [true, false]) {
      const seen = publisher.requests.length;
      const named = await runScript("poll.ts", ["--source", "busy", "b", ...(json ? ["--json"] : [])], env);
      expect(named.code).toBe(0);
      expect(paths(seen)).toEqual(["/b.rss"]);
      if (json) {
        expect(jsonLines(named.stderr)).toEqual([skipped]);
        expect(lastLine(named.stdout)).toMatchObject({ sources: 1 });
      } else {
        expect(named.stderr).toContain(
          `busy: skipped: Retry-After until ${until} (its feed asked to wait; --source waits too)\n`,
        );
        expect(named.stderr).not.toMatch(/^b: skipped/m);
      }
    }
    // A cycle of every source (as npm start's first poll) skips it too, and says so without naming --source.
    for (const json of [true, false]) {
      const seen = publisher.requests.length;
      const all = await runScript("poll.ts", json ? ["--json"] : [], env);
      expect(paths(seen)).toEqual(["/b.rss"]);
      if (json) {
        expect(jsonLines(all.stderr)).toEqual([skipped]);
        expect(lastLine(all.stdout)).toMatchObject({ sources: 1 });
      } else {
        expect(all.stderr).toContain(`busy: skipped: Retry-After until ${until} (its feed asked to wait)\n`);
      }
    }
  }, 120_000);
});
