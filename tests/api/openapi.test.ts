import { createConfig, lintFromString } from "@redocly/openapi-core";
import { beforeAll, describe, expect, it } from "vitest";
import { setup } from "./fixtures.ts";

type Config = Awaited<ReturnType<typeof createConfig>>;

/** Redocly's `recommended` rules over a document: each problem as "severity rule at pointer". */
async function lint(doc: unknown, config: Config): Promise<string[]> {
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "/openapi.json", config });
  return problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? "?"}: ${p.message}`);
}

describe("/openapi.json", () => {
  let config: Config;
  let doc: { paths: Record<string, Record<string, Record<string, unknown>>>; info: Record<string, unknown> };
  beforeAll(async () => {
    config = await createConfig({ extends: ["recommended"] });
    const { app } = await setup();
    // A public host: the served `servers` URL is the request's origin, and the linter frowns on localhost.
    const res = await app.request("http://tributary.test/openapi.json");
    expect(res.status).toBe(200);
    doc = await res.json();
  });

  it("passes Redocly's recommended rules with no errors and no warnings", async () => {
    expect(await lint(doc, config)).toEqual([]);
  });

  it("names every operation, states a licence and gives every operation a 4XX response", () => {
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((op) => op.operationId).sort()).toEqual([
      "getItem",
      "getStory",
      "listSourceItems",
      "listSources",
      "listTopicItems",
      "listTopics",
    ]);
    for (const op of operations) {
      expect(Object.keys(op.responses as object).some((code) => /^4(\d\d|XX)$/.test(code))).toBe(true);
    }
    expect(doc.info.license).toEqual({ name: "MIT", identifier: "MIT" });
  });

  it("the lint fails a document that lacks what the rules ask for", async () => {
    const broken = structuredClone(doc);
    const op = broken.paths["/api/topics"]?.get as Record<string, unknown>;
    delete op.operationId;
    delete (op.responses as Record<string, unknown>)["4XX"];
    delete broken.info.license;
    const found = await lint(broken, config);
    expect(found.map((line) => line.split(" ")[1])).toEqual(
      expect.arrayContaining(["operation-operationId", "operation-4xx-response", "info-license"]),
    );
  });
});
