/**
 * A running `npm start` or `npm run serve` follows its configuration file: a valid edit is used from the next
 * request (new ETags at once) and, where it polls, its topics follow at once without fetching; an invalid edit is
 * refused with its problems printed and the running configuration stays. Real processes on a real store.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { ROOT, until } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { startSubscriber } from "../helpers/subscriber.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  const titles = ["Trump names envoy", "Trumpet festival opens", "Putin's envoy arrives"];
  publisher.set("/world.rss", {
    body: rss({
      title: "World",
      items: titles.map((title, n) => ({ title, link: `https://news.example/${n}/`, pubDate: pubDate(n) })),
    }),
  });
});
afterAll(() => publisher.close());

function run(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script)], {
    cwd: ROOT,
    env: { ...process.env, DYNAMODB_ENDPOINT: engineEndpoint(), TABLE_NAME: `t-${randomUUID()}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });
}

/** Replaces `file` as editors that save by renaming do: a new file written beside it, renamed over it. */
function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

const configOf = (trump: Record<string, unknown>, title = "Trump") => ({
  title: "Reload",
  sources: [{ id: "world", url: `${publisher.url}/world.rss`, title: "World desk" }],
  topics: [
    { slug: "trump", title, sources: ["world"], ...trump },
    { slug: "all", title: "All", sources: ["*"] },
  ],
});

describe("a running server follows its configuration file", () => {
  it("npm start: an invalid edit is refused and the old one stays; a valid edit is used at once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tributary-reload-"));
    const file = path.join(dir, "tributary.json");
    writeFileSync(file, JSON.stringify(configOf({ include: ["trump"] })));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = run("start.ts", { TRIBUTARY_CONFIG: file, PORT: String(port), LOG_FORMAT: "text" });
    const titles = async (slug: string) =>
      ((await (await fetch(`${base}/api/topics/${slug}/items`)).json()) as { items: { title: string }[] }).items
        .map((item) => item.title)
        .sort();
    const etag = async () => (await fetch(`${base}/feeds/trump.rss`)).headers.get("ETag");
    try {
      await until("the first poll", async () => ((await titles("all")).length === 3 ? true : undefined));
      expect(await titles("trump")).toEqual(["Trump names envoy"]);
      const first = await etag();

      // Invalid: refused with its problem and path; the running configuration stays.
      replaceFile(file, JSON.stringify(configOf({ include: ["*"] })));
      await until("the refusal", async () => (app.output().includes("must not be only") ? true : undefined));
      expect(app.output()).toContain("topics[0].include[0]: must not be only");
      expect(app.output()).toContain(`Invalid configuration (${file}), not used`);
      expect(await titles("trump")).toEqual(["Trump names envoy"]);
      expect(await etag()).toBe(first);

      // Valid, written in place: the topic follows without fetching anything, and its ETag changes.
      const fetched = publisher.requests.length;
      writeFileSync(file, JSON.stringify(configOf({ include: ["trump*"] })));
      await until("the wider topic", async () => ((await titles("trump")).length === 2 ? true : undefined));
      expect(await titles("trump")).toEqual(["Trump names envoy", "Trumpet festival opens"]);
      expect(app.output()).toContain(`Configuration reloaded from ${file}: 2 topics, 1 source.`);
      expect(publisher.requests.length).toBe(fetched);
      const widened = await etag();
      expect(widened).not.toBe(first);

      // A title alone: served from the next request, with a new ETag for the topic's lists.
      replaceFile(file, JSON.stringify(configOf({ include: ["trump*"] }, "Trump watch")));
      await until("the new title", async () => {
        const topics = (await (await fetch(`${base}/api/topics`)).json()) as { topics: { title: string }[] };
        return topics.topics[0]?.title === "Trump watch" ? true : undefined;
      });
      expect(await etag()).not.toBe(widened);
      expect(await (await fetch(`${base}/feeds/trump.rss`)).text()).toContain("<title>Trump watch</title>");
    } finally {
      expect(await stop(app.child)).toBe(0);
    }
  }, 90_000);

  it("npm start: a topic removed from the file ends its WebSub subscriptions at once, one denial each", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tributary-reload-"));
    const file = path.join(dir, "tributary.json");
    writeFileSync(file, JSON.stringify(configOf({ include: ["trump"] })));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const subscriber = await startSubscriber("echo");
    // The next cycle is poll.minMinutes (5) away: only the reload itself can send the denial within the test.
    const app = run("start.ts", { TRIBUTARY_CONFIG: file, PORT: String(port), LOG_FORMAT: "text" });
    const denials = () => subscriber.requests.filter((r) => r.query["hub.mode"] === "denied");
    try {
      await until("the first poll", async () =>
        app.output().includes("Due sources are looked for") ? true : undefined,
      );
      const topic = `${base}/feeds/trump.rss`;
      const form = { "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": `${subscriber.url}/cb` };
      const answer = await fetch(`${base}/websub`, { method: "POST", body: new URLSearchParams(form) });
      expect(answer.status).toBe(202);
      await until("the verified subscription", async () => (app.output().includes(": subscribed") ? true : undefined));

      replaceFile(file, JSON.stringify({ ...configOf({}), topics: [{ slug: "all", title: "All", sources: ["*"] }] }));
      await until("the denial", async () => (denials().length > 0 ? true : undefined));
      expect(denials()[0]?.query).toMatchObject({ "hub.mode": "denied", "hub.topic": topic });
      expect((await fetch(topic)).status).toBe(404);

      // Another reload finds nothing left to end: the subscriber was told once.
      replaceFile(
        file,
        JSON.stringify({ ...configOf({}), topics: [{ slug: "all", title: "Everything", sources: ["*"] }] }),
      );
      await until("the second reload", async () =>
        app.output().split("Configuration reloaded").length === 3 ? true : undefined,
      );
      await until("the rebuilt topic", async () => {
        const topics = (await (await fetch(`${base}/api/topics`)).json()) as { topics: { title: string }[] };
        return topics.topics[0]?.title === "Everything" ? true : undefined;
      });
      expect(denials()).toHaveLength(1);
    } finally {
      expect(await stop(app.child)).toBe(0);
      await subscriber.close();
    }
  }, 90_000);

  it("npm run serve: follows a tributary.config.ts edited in place", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tributary-reload-"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const file = path.join(dir, "tributary.config.ts");
    const module = (title: string) => `export default ${JSON.stringify(configOf({ include: ["trump"] }, title))};\n`;
    writeFileSync(file, module("Trump"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = run("serve.ts", { TRIBUTARY_CONFIG: file, PORT: String(port), LOG_FORMAT: "text" });
    const topicTitle = async () =>
      ((await (await fetch(`${base}/api/topics`)).json()) as { topics: { title: string }[] }).topics[0]?.title;
    try {
      expect(await until("serving", topicTitle)).toBe("Trump");
      writeFileSync(file, "export default { title: ;\n");
      await until("the refusal", async () => (app.output().includes("Invalid configuration") ? true : undefined));
      expect(app.output()).toContain(`Invalid configuration (${file}), not used`);
      expect(app.output()).toContain(`${file}: cannot load: `);
      expect(await topicTitle()).toBe("Trump");
      writeFileSync(file, module("Trump, edited"));
      await until("the edit", async () => ((await topicTitle()) === "Trump, edited" ? true : undefined));
      // The same text again changes nothing and says nothing.
      const said = app.output();
      writeFileSync(file, module("Trump, edited"));
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(app.output()).toBe(said);
    } finally {
      expect(await stop(app.child)).toBe(0);
    }
  }, 60_000);
});
