/** Every handler infra/ names exists and exports it: a typo there only shows up at deploy time otherwise. */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** `"functions/…/file.export"` strings in infra/*.ts and sst.config.ts. */
async function namedHandlers(): Promise<{ file: string; handler: string }[]> {
  const files = [...(await readdir(path.join(root, "infra"))).map((f) => `infra/${f}`), "sst.config.ts"];
  const found: { file: string; handler: string }[] = [];
  for (const file of files.filter((f) => f.endsWith(".ts"))) {
    const text = await readFile(path.join(root, file), "utf8");
    for (const match of text.matchAll(/["'`](functions\/[\w./-]+\.\w+)["'`]/g))
      found.push({ file, handler: match[1] as string });
  }
  return found;
}

describe("handlers named in infra/", () => {
  it("names the poller's schedule and worker, the API, the WebSub hub and the delivery worker", async () => {
    const handlers = (await namedHandlers()).map((h) => h.handler).sort();
    expect(handlers).toEqual([
      "functions/api/handler.handler",
      "functions/poller/schedule.handler",
      "functions/poller/worker.handler",
      "functions/websub/delivery.handler",
      "functions/websub/hub.handler",
    ]);
  });

  it("each resolves to a TypeScript module exporting that function", async () => {
    for (const { file, handler } of await namedHandlers()) {
      const dot = handler.lastIndexOf(".");
      const modulePath = path.join(root, `${handler.slice(0, dot)}.ts`);
      const exported = handler.slice(dot + 1);
      expect(existsSync(modulePath), `${file}: ${handler} has no ${path.relative(root, modulePath)}`).toBe(true);
      // Importing builds nothing that reaches AWS: the handlers open their store on first use (the API's
      // handler opens a client, which sends nothing until asked).
      const mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
      expect(typeof mod[exported], `${file}: ${handler} does not export a function "${exported}"`).toBe("function");
    }
  });
});

describe("resources in infra/", () => {
  it("are linked, with no hand-written names or ARNs (SST names them per app and stage)", async () => {
    // sst.config.ts names the app itself (`app({ name })`), which every resource name derives from.
    const files = (await readdir(path.join(root, "infra"))).map((f) => `infra/${f}`);
    for (const file of files.filter((f) => f.endsWith(".ts"))) {
      const text = await readFile(path.join(root, file), "utf8");
      expect(text, file).not.toMatch(/arn:aws:/);
      // A component's physical name given as a literal (`name: "…"` or `name: \`…\``).
      expect(text, file).not.toMatch(/^\s*(?:name|functionName|queueName|tableName):\s*["'`]/m);
    }
  });
});
