/**
 * Builds the client's types from the API's own OpenAPI description: the app is created (never listening,
 * never reaching a store), asked for /openapi.json, and openapi-typescript turns the answer into
 * `src/openapi.d.ts`. Run `npm run client:types` after changing the API; a test fails while they differ.
 * The app, the store and openapi-typescript are loaded when first needed, not with this module, so that
 * `npm run client:types -- --help` answers without them.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { OpenAPI3 } from "openapi-typescript";
import { answerHelp } from "../../../local/help.ts";

/** Where the generated types live. */
export const TYPES_FILE = fileURLToPath(new URL("../src/openapi.d.ts", import.meta.url));

/** The API's OpenAPI 3.1 description as the app serves it. */
export async function openApiDocument(): Promise<OpenAPI3> {
  const { validateConfig } = await import("@tributary/core/config");
  const { openStore } = await import("@tributary/core/store");
  const { createApp } = await import("../../../functions/api/app.ts");
  const config = validateConfig({
    title: "Tributary",
    sources: [{ id: "any", url: "https://example.org/feed.rss" }],
    topics: [{ slug: "any", title: "Any", sources: ["*"] }],
  });
  // The description is static: the store is never asked, so it points nowhere.
  const store = await openStore({ endpoint: "http://127.0.0.1:9", tableName: "unused", retentionDays: 90 });
  const response = await createApp({ config, store }).request("http://localhost/openapi.json");
  if (!response.ok) throw new Error(`openapi.json answered ${response.status}`);
  return (await response.json()) as OpenAPI3;
}

/** The TypeScript source of the API's types, as written to `src/openapi.d.ts`. */
export async function openApiTypes(): Promise<string> {
  const document = await openApiDocument();
  delete document.servers;
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const ast = await openapiTS(document);
  return `/** Types of Tributary's JSON API, generated from its OpenAPI description by \`npm run client:types\`. */\n\n${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  answerHelp(`usage: npm run client:types

Regenerates the typed client's types (packages/client/src/openapi.d.ts) from the API's OpenAPI description,
then builds the client into dist/ (as npm run client:build).

Options:
  -h, --help  this help`);
  const { DIST, writeBuild } = await import("./build.ts");
  await writeFile(TYPES_FILE, await openApiTypes());
  console.log(`wrote ${TYPES_FILE}`);
  await writeBuild();
  console.log(`wrote ${DIST}`);
}
