/**
 * Shared pieces of the reliability suite: hostile fixtures, a loopback-only network for the fetcher, every
 * output the app serves, and the checks that nothing hostile reaches them.
 */
import { readFileSync } from "node:fs";
import { connect, isIP, type Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "@tributary/core/config";
import type { Item } from "@tributary/core/item";
import { type ListKey, openStore, type Store, type StoredItem, searchText } from "@tributary/core/store";
import { Parser as HtmlParser } from "htmlparser2";
import { expect } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { activeMarkupIn } from "../helpers/html-reading.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { parseStrictXml, type XmlNode } from "../helpers/strict-xml.ts";

/** Where the hostile fixtures live. */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** A recent instant, fixed for the whole run: fixture dates are hours after it. */
export const BASE = Math.floor(Date.now() / 1000 - 10 * 86_400) * 1000;

/** The instant `hours` after BASE, ISO 8601. */
export function hoursAfterBase(hours: number): string {
  return new Date(BASE + hours * 3_600_000).toISOString();
}

/**
 * A fixture's bytes with its placeholders filled in: `{{ORIGIN}}` (the publisher), `{{DATE:h}}` (RFC 822,
 * `h` hours after BASE) and `{{ISO:h}}` (the same, ISO 8601). Bytes outside ASCII are kept as they are, so
 * single-byte encodings survive.
 */
export function fixture(name: string, origin = "http://127.0.0.1:9"): Buffer {
  const text = readFileSync(path.join(FIXTURES, name)).toString("latin1");
  const filled = text
    .replaceAll("{{ORIGIN}}", origin)
    .replace(/\{\{DATE:(-?\d+)\}\}/g, (_, hours: string) => pubDate(Number(hours), BASE))
    .replace(/\{\{ISO:(-?\d+)\}\}/g, (_, hours: string) => hoursAfterBase(Number(hours)));
  return Buffer.from(filled, "latin1");
}

/** The three items of the well-behaved feed polled beside every hostile one. */
export const GOOD_ITEMS = [1, 2, 3].map((n) => ({
  title: `Good story ${n}`,
  link: `https://good.example/story-${n}/`,
  pubDate: pubDate(n, BASE),
  description: `<p>Good summary ${n}</p>`,
  content: `<p>Good body ${n} with <a href="https://good.example/more">a link</a>.</p>`,
}));

/** The well-behaved RSS feed. */
export function goodFeed(): string {
  return rss({ title: "Good feed", items: GOOD_ITEMS });
}

/** A resolver and dialler for the fetcher that reach nothing but one loopback port, recording every address. */
export interface LoopbackNetwork {
  resolve: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  dial: (address: string, family: 4 | 6, port: number) => Socket;
  /** Every address the fetcher asked to dial, in order. */
  dialled: string[];
  /** Every name the fetcher asked to resolve. */
  resolved: string[];
}

/**
 * A network where the names in `names` resolve to the given (possibly non-loopback) addresses, and every dial,
 * whatever address it asks for, connects to 127.0.0.1:`port` only. The addresses asked for are recorded, so a
 * test can assert that forbidden ones were never dialled, and no packet ever leaves loopback.
 */
export function loopbackNetwork(port: number, names: Record<string, string[]> = {}): LoopbackNetwork {
  const dialled: string[] = [];
  const resolved: string[] = [];
  return {
    dialled,
    resolved,
    resolve: async (hostname) => {
      resolved.push(hostname);
      const found = names[hostname.toLowerCase()];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
      return found.map((address) => ({ address, family: isIP(address) === 6 ? (6 as const) : (4 as const) }));
    },
    dial: (address) => {
      dialled.push(address);
      return connect({ host: "127.0.0.1", port });
    },
  };
}

/** Every row of a list, paging through it. */
export async function allItems(store: Store, list: ListKey): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.lists.page(list, { limit: 200, cursor, cutoff: "2000" });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** One response of the app, read. */
export interface Output {
  path: string;
  status: number;
  type: string;
  body: string;
}

/** Requests every page, feed and API document the app serves for `config`, items included. */
export async function servedOutputs(config: Config, store: Store): Promise<Output[]> {
  const app = createApp({ config, store });
  const outputs: Output[] = [];
  const get = async (url: string) => {
    const response = await app.request(url);
    const output = {
      path: url,
      status: response.status,
      type: response.headers.get("content-type") ?? "",
      body: await response.text(),
    };
    outputs.push(output);
    return output;
  };
  await get("/");
  await get("/sources");
  await get("/feeds.opml");
  await get("/api/topics");
  await get("/api/sources");
  const ids = new Set<string>();
  for (const topic of config.topics) {
    await get(`/topics/${topic.slug}?limit=200`);
    for (const format of ["rss", "atom", "json"]) await get(`/feeds/${topic.slug}.${format}?limit=200`);
    const api = await get(`/api/topics/${topic.slug}/items?limit=200`);
    for (const item of (JSON.parse(api.body) as { items: Item[] }).items) ids.add(item.id);
  }
  for (const source of config.sources) await get(`/api/sources/${source.id}/items?limit=200`);
  for (const id of [...ids].slice(0, 25)) await get(`/api/items/${id}`);
  return outputs;
}

// C0 controls but tab, line feed and carriage return; DEL; C1 controls; non-characters; lone surrogates.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0080-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** Fails when `text` holds a control character, a non-character or a lone surrogate. */
export function expectNoControls(text: string, where: string): void {
  const bad = CONTROL.exec(text);
  expect(bad, `${where}: U+${bad?.[0].codePointAt(0)?.toString(16).padStart(4, "0")} at ${bad?.index}`).toBeNull();
}

const ACTIVE_TAGS = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "base",
  "svg",
  "math",
  "noscript",
  "template",
  "portal",
]);
const FRAGMENT_ONLY = new Set(["style", "link", "meta", "html", "head", "body", "title"]);
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "xlink:href",
  "poster",
  "background",
  "data",
  "cite",
  "longdesc",
  "lowsrc",
  "dynsrc",
  "codebase",
  "manifest",
  "ping",
  "srcdoc",
]);

/** Whether a URL attribute's value would run code or render a document of the attacker's: javascript:, vbscript:, data: (but images), file:. */
function dangerousUrl(tag: string, attribute: string, value: string): boolean {
  // Browsers ignore ASCII whitespace and controls inside the scheme.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip these inside a URL scheme.
  const squeezed = value.replace(/[\u0000-\u0020\u007f]/g, "").toLowerCase();
  if (attribute === "srcdoc") return true;
  if (/^(javascript|vbscript|livescript|file):/.test(squeezed)) return true;
  if (squeezed.startsWith("data:"))
    return !(tag === "img" && attribute === "src" && squeezed.startsWith("data:image/"));
  return false;
}

/**
 * Fails when HTML would run code or load active content: script, iframe, object, embed, form, svg and the
 * like; `on*` attributes; javascript:/vbscript:/data: URLs (images aside); CSS with `javascript:` or
 * `expression(`. `page`: a whole document of ours, which may carry its own style, meta and link in its head, and
 * its own search (a GET form to a topic path, with its input and button).
 */
export function expectSafeHtml(html: string, where: string, kind: "page" | "fragment"): void {
  const problems: string[] = [];
  const open: string[] = [];
  let ownForms = 0;
  const parser = new HtmlParser(
    {
      onopentag(name, attributes) {
        open.push(name);
        // A page's own search: a GET form to one of its own paths, with its input and button.
        const ownSearch =
          kind === "page" &&
          name === "form" &&
          (attributes.method ?? "get").toLowerCase() === "get" &&
          /^(?:https?:\/\/[^/?#]+)?\/topics\/[a-z0-9-]+$/.test(attributes.action ?? "");
        const inOwnSearch = kind === "page" && open.includes("form") && ownForms > 0;
        if (ownSearch) ownForms++;
        else if (ACTIVE_TAGS.has(name) && !(inOwnSearch && (name === "input" || name === "button")))
          problems.push(`<${name}>`);
        if (FRAGMENT_ONLY.has(name) && (kind === "fragment" || !open.includes("head") || name === "base")) {
          if (!(kind === "page" && ["html", "head", "body", "title"].includes(name)))
            problems.push(`<${name}> outside the page head`);
        }
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith("on")) problems.push(`<${name} ${attribute}>`);
          if (URL_ATTRIBUTES.has(attribute) && dangerousUrl(name, attribute, value))
            problems.push(`<${name} ${attribute}="${value.slice(0, 60)}">`);
          if (attribute === "style" && /javascript:|expression\s*\(|url\s*\(/i.test(value))
            problems.push(`<${name} style="${value.slice(0, 60)}">`);
          if (attribute === "http-equiv") problems.push(`<${name} http-equiv>`);
        }
      },
      onclosetag(name) {
        if (name === "form" && ownForms > 0) ownForms--;
        const at = open.lastIndexOf(name);
        if (at >= 0) open.length = at;
      },
      ontext(text) {
        if (open.at(-1) === "style" && /javascript:|expression\s*\(|@import/i.test(text)) problems.push("active CSS");
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  expect(problems, `${where}: active content in ${html.slice(0, 300)}`).toEqual([]);
}

/** Fails when plain text would act once an app renders it as HTML (`activeMarkupIn`: meta, link, style, forms, handlers…). */
export function expectInertText(text: string, where: string): void {
  if (!text.includes("<")) return;
  expect(activeMarkupIn(text), `${where}: active markup in plain text ${text.slice(0, 300)}`).toEqual([]);
}

/** Fails unless `url` is null or an absolute http(s) URL. */
export function expectHttpUrl(url: unknown, where: string): void {
  if (url === null || url === undefined) return;
  expect(String(url), where).toMatch(/^https?:\/\//);
}

function walkXml(node: XmlNode, visit: (node: XmlNode) => void): void {
  visit(node);
  for (const child of node.children) walkXml(child, visit);
}

function walkJson(value: unknown, visit: (key: string, value: unknown) => void, key = ""): void {
  if (Array.isArray(value)) for (const entry of value) walkJson(entry, visit, key);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walkJson(v, visit, k);
  else visit(key, value);
}

const ATOM = "http://www.w3.org/2005/Atom";
/** Feed elements of plain text that readers may take as HTML (RSS titles above all). */
const PLAIN_TEXT_ELEMENTS = new Set(["title", "category", "creator", "author", "name", "subtitle", "summary"]);
/** JSON fields that hold HTML; the others (title, summary, content_text, author names) are plain text. */
const HTML_FIELDS = new Set(["contentHtml", "content_html"]);
const URL_FIELDS = new Set([
  "url",
  "imageUrl",
  "image",
  "external_url",
  "home_page_url",
  "feed_url",
  "next_url",
  "icon",
  "favicon",
]);

/**
 * Checks one output: pages are safe HTML; XML is strictly well-formed and the HTML it carries is safe, its
 * links http(s); JSON parses and its HTML is safe, its URLs http(s); no control characters anywhere.
 */
export function expectSafeOutput(output: Output): void {
  const where = `${output.path} (${output.status})`;
  expect(output.status, where).toBe(200);
  expectNoControls(output.body, where);
  if (output.type.startsWith("text/html")) {
    expectSafeHtml(output.body, where, "page");
    return;
  }
  if (/xml|opml/.test(output.type)) {
    const root = parseStrictXml(output.body);
    walkXml(root, (node) => {
      const name = node.name.replace(/^.*:/, "");
      // Elements of embedded markup (Atom xhtml) are checked like HTML.
      if (ACTIVE_TAGS.has(name.toLowerCase())) throw new Error(`${where}: <${node.name}> in the XML`);
      for (const attribute of Object.keys(node.attributes)) {
        if (/^on/i.test(attribute)) throw new Error(`${where}: <${node.name} ${attribute}> in the XML`);
      }
      // HTML carried as text: RSS description and content:encoded, Atom text constructs of type html.
      const html = node.uri === ATOM ? node.attributes.type === "html" : name === "description" || name === "encoded";
      if (html) expectSafeHtml(node.text, `${where} <${node.name}>`, "fragment");
      else if (PLAIN_TEXT_ELEMENTS.has(name)) expectInertText(node.text, `${where} <${node.name}>`);
      if (name === "link" && node.children.length === 0 && node.text.trim())
        expectHttpUrl(node.text.trim(), `${where} <link>`);
      if (name === "link" && node.attributes.href) expectHttpUrl(node.attributes.href, `${where} <link href>`);
      if (name === "guid" && node.attributes.isPermaLink !== "false")
        expectHttpUrl(node.text.trim(), `${where} <guid>`);
      for (const attribute of ["url", "xmlUrl", "htmlUrl"]) {
        if (node.attributes[attribute]) expectHttpUrl(node.attributes[attribute], `${where} @${attribute}`);
      }
    });
    return;
  }
  if (output.type.includes("json")) {
    walkJson(JSON.parse(output.body), (key, value) => {
      if (typeof value !== "string") return;
      expectNoControls(value, `${where} ${key}`);
      if (HTML_FIELDS.has(key)) expectSafeHtml(value, `${where} ${key}`, "fragment");
      else if (!URL_FIELDS.has(key)) expectInertText(value, `${where} ${key}`);
      if (URL_FIELDS.has(key)) expectHttpUrl(value, `${where} ${key}`);
    });
    return;
  }
  throw new Error(`${where}: unexpected content type ${output.type}`);
}

/**
 * What a table holds, as comparable sets: items (id, title, sources), the ids in each list — the rows a read
 * serves: those whose item is stored, committed, at the row's sort key and (in a source's list) seen in that
 * source — and the served rows whose search text is not the stored item's (older text left by a poll that lost a
 * race: always empty).
 */
export interface Snapshot {
  items: string[];
  lists: Record<string, string[]>;
  stale: string[];
}

/** Reads a whole table with a healthy client (a test may Scan; the product never does). */
export async function snapshot(tableName: string): Promise<Snapshot> {
  const store = await openStore({ endpoint: engineEndpoint(), tableName, retentionDays: 90 });
  const items: string[] = [];
  const lists: Record<string, string[]> = {};
  const stored = new Map<string, StoredItem>();
  const rows: { list: string; sk: string; search: string }[] = [];
  let lastKey: Record<string, unknown> | undefined;
  do {
    const page = await store.kit.doc.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: lastKey, ConsistentRead: true }),
    );
    for (const row of page.Items ?? []) {
      const pk = String(row.pk);
      if (pk.startsWith("I#") && row.sk === "I") {
        items.push(JSON.stringify([row.id, row.title, [...(row.sources as string[])].sort()]));
        stored.set(String(row.id), row as unknown as StoredItem);
      }
      if (pk.startsWith("L#")) rows.push({ list: pk.slice(2), sk: String(row.sk), search: String(row.search) });
    }
    lastKey = page.LastEvaluatedKey;
  } while (lastKey);
  store.close();
  const stale: string[] = [];
  for (const { list, sk, search } of rows) {
    const item = stored.get(sk.slice(sk.indexOf("#") + 1));
    if (!item || `${item.publishedAt}#${item.id}` !== sk) continue;
    if (list.startsWith("s:") && !item.sources.includes(list.slice(2))) continue;
    // A story's member rows carry no text: a row counts while its item names the story.
    if (list.startsWith("g:") && (item.story ?? item.id) !== list.slice(2)) continue;
    lists[list] = [...(lists[list] ?? []), item.id];
    if (!list.startsWith("g:") && search !== searchText(item)) stale.push(`${list} ${item.title} [${item.sources}]`);
  }
  items.sort();
  stale.sort();
  for (const ids of Object.values(lists)) ids.sort();
  return { items, lists, stale };
}

/** Items lost and list rows duplicated relative to the reference, with the ids of the duplicated ones. */
export function compare(actual: Snapshot, expected: Snapshot) {
  const lost = expected.items.filter((i) => !actual.items.includes(i)).length;
  const twice: string[] = [];
  for (const [list, ids] of Object.entries(actual.lists)) {
    for (const [index, id] of ids.entries()) if (ids[index - 1] === id) twice.push(`${list} ${titleOf(actual, id)}`);
  }
  return { lost, duplicated: twice.length, twice };
}

function titleOf(snap: Snapshot, id: string): string {
  const found = snap.items.map((i) => JSON.parse(i) as [string, string]).find(([itemId]) => itemId === id);
  return found?.[1] ?? id;
}
