/**
 * Parse: MB/s of Tributary's parse + normalize (`readFeed`: decoding, parsing, sanitizing, canonical URLs, ids)
 * against rss-parser alone (`new Parser().parseString`, decoding included) on the same bytes.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFeed, sanitizeContent } from "@tributary/core/normalize";
import { parseFeed, type RawEntry } from "@tributary/core/parse";
import Parser from "rss-parser";
import { sanitizeHtmlReference } from "../testkit/sanitize-html-reference.ts";
import { hostileFigures } from "./hostile.ts";
import { type BenchContext, entryOf, makeArticle, median, newsFeed } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(HERE, "../tests/fixtures/real-world");
const GROUP = "parse";
/** Real-world feeds (RSS 2.0, Atom, podcasts) rss-parser reads too. */
const FILES = [
  "TechCrunch.xml",
  "CRE.xml",
  "FeedBurnerXHTML.xml",
  "SamRuby.xml",
  "AmazonWebServicesBlog.xml",
  "TenderLovemaking.xml",
  "itunes.xml",
];
/** Short batches, many rounds, medians: a burst of load from elsewhere on the machine spoils one batch, not the figure. */
const ROUNDS = 7;
/** Minimum time of one timed batch of one implementation on one input. */
const BATCH_MS = 80;

interface Input {
  name: string;
  bytes: Uint8Array;
  url: string;
  contentType: string;
}

function inputs(): Input[] {
  const out: Input[] = FILES.map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(path.join(CORPUS, name))),
    url: `https://feeds.example/${name}`,
    contentType: "application/xml",
  }));
  const news = newsFeed(
    "Generated news",
    Array.from({ length: 50 }, (_, n) => entryOf(makeArticle(n, 2_400))),
  );
  out.push({
    name: "generated news (50 items)",
    bytes: new TextEncoder().encode(news),
    url: "https://news.example/feed/",
    contentType: "application/rss+xml; charset=utf-8",
  });
  return out;
}

/** Runs `fn` repeatedly for at least BATCH_MS; milliseconds per run. */
async function timeBatch(fn: () => Promise<unknown>): Promise<number> {
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    await fn();
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < BATCH_MS);
  return elapsed / runs;
}

type Kind = "ours" | "theirs" | "parseOnly" | "sanitize" | "sanitizeHtml";

/** Runs the parse group. */
export async function runParse(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const parser = new Parser();
  const decoder = new TextDecoder();
  const now = new Date();
  const entries = new Map<string, RawEntry[]>();
  const runners: Record<Kind, (input: Input) => () => Promise<unknown>> = {
    ours: (input) => () =>
      readFeed(input.bytes, { contentType: input.contentType, url: input.url, sourceId: "bench", now }),
    theirs: (input) => () => parser.parseString(decoder.decode(input.bytes)),
    parseOnly: (input) => () => parseFeed(input.bytes, { contentType: input.contentType, url: input.url }),
    sanitize: (input) => async () => {
      for (const entry of entries.get(input.name) ?? []) {
        sanitizeContent(entry.contentHtml ?? entry.descriptionHtml, entry.xmlBase ?? input.url);
      }
    },
    sanitizeHtml: (input) => async () => {
      for (const entry of entries.get(input.name) ?? []) {
        sanitizeHtmlReference(entry.contentHtml ?? entry.descriptionHtml, entry.xmlBase ?? input.url);
      }
    },
  };
  const kinds = Object.keys(runners) as Kind[];

  const usable: Input[] = [];
  const skips: Skip[] = [];
  for (const input of inputs()) {
    try {
      const ours = await readFeed(input.bytes, {
        contentType: input.contentType,
        url: input.url,
        sourceId: "bench",
        now,
      });
      const theirs = await parser.parseString(decoder.decode(input.bytes));
      if (ours.items.length !== (theirs.items ?? []).length) {
        ctx.log(
          `  note: ${input.name}: readFeed ${ours.items.length} items, rss-parser ${(theirs.items ?? []).length}`,
        );
      }
      entries.set(
        input.name,
        (await parseFeed(input.bytes, { contentType: input.contentType, url: input.url })).entries,
      );
      usable.push(input);
    } catch (error) {
      skips.push({ group: GROUP, name: input.name, reason: (error as Error).message });
    }
  }
  // Warm-up: JIT every path before timing.
  for (const input of usable) {
    for (let i = 0; i < 5; i++) for (const kind of kinds) await runners[kind](input)();
  }
  const times = new Map<string, Record<Kind, number[]>>(
    usable.map((input) => [input.name, { ours: [], theirs: [], parseOnly: [], sanitize: [], sanitizeHtml: [] }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const input of usable) {
      const t = times.get(input.name);
      if (!t) continue;
      // Rotate which goes first, so drift falls on all alike.
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(k + round) % kinds.length] ?? "ours";
        t[kind].push(await timeBatch(runners[kind](input)));
      }
    }
  }
  const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  let corpusBytes = 0;
  const corpus: Record<Kind, number> = { ours: 0, theirs: 0, parseOnly: 0, sanitize: 0, sanitizeHtml: 0 };
  for (const input of usable) {
    const t = times.get(input.name);
    if (!t) continue;
    const ms = Object.fromEntries(kinds.map((kind) => [kind, median(t[kind])])) as Record<Kind, number>;
    corpusBytes += input.bytes.byteLength;
    for (const kind of kinds) corpus[kind] += ms[kind];
    details[input.name] = { bytes: input.bytes.byteLength, entries: entries.get(input.name)?.length, ms };
    figures.push(
      figure({
        group: GROUP,
        name: `${input.name} (${(input.bytes.byteLength / 1024).toFixed(0)} KB)`,
        value: mbps(input.bytes.byteLength, ms.ours),
        unit: "MB/s",
        baseline: mbps(input.bytes.byteLength, ms.theirs),
      }),
    );
  }
  details.corpusMs = corpus;
  figures.push(
    figure({
      group: GROUP,
      name: `whole corpus, ${usable.length} feeds (${(corpusBytes / 1024).toFixed(0)} KB)`,
      value: mbps(corpusBytes, corpus.ours),
      unit: "MB/s",
      baseline: mbps(corpusBytes, corpus.theirs),
      baselineLabel: "rss-parser alone (new Parser().parseString, UTF-8 decoding included) on the same bytes",
      goal: { on: "ratio", op: ">=", target: 0.5 },
      note: "readFeed = parse + normalize (sanitize HTML, absolute URLs, canonical URL, id, dates, summary)",
    }),
  );
  figures.push(
    figure({
      group: GROUP,
      name: "whole corpus, parseFeed alone (no normalize)",
      value: mbps(corpusBytes, corpus.parseOnly),
      unit: "MB/s",
      baseline: mbps(corpusBytes, corpus.theirs),
      baselineLabel: "rss-parser alone on the same bytes",
      note: "where the time goes: decoding, the one namespace-aware pass into a tree, the format adapter, hashes",
    }),
  );
  figures.push(
    figure({
      group: GROUP,
      name: "whole corpus, sanitizeContent of every entry alone",
      value: mbps(corpusBytes, corpus.sanitize),
      unit: "MB/s",
      baseline: mbps(corpusBytes, corpus.theirs),
      baselineLabel: "rss-parser alone on the same bytes",
      note: "where the time goes: the allow-list pass over each entry's content, part of readFeed",
    }),
  );
  figures.push(
    figure({
      group: GROUP,
      name: "whole corpus, sanitizeContent of every entry against sanitize-html",
      value: mbps(corpusBytes, corpus.sanitize),
      unit: "MB/s",
      baseline: mbps(corpusBytes, corpus.sanitizeHtml),
      baselineLabel:
        "sanitize-html with the same allow-list and URL resolution (the sanitizer it replaced), same entries",
      note: "the same output on the corpus (html-agreement.test.ts)",
    }),
  );
  figures.push(await incremental(now));
  figures.push(...(await hostileFigures()));
  return { figures, skips, details };
}

/**
 * A changed body with 1 new entry of 50 (the oldest one gone), read with the entry hashes of the previous body
 * (entries unchanged since then skipped), against the first read of the same body: parse + normalize of everything.
 */
async function incremental(now: Date): Promise<Figure> {
  const url = "https://news.example/feed/";
  const contentType = "application/rss+xml; charset=utf-8";
  const articles = Array.from({ length: 51 }, (_, n) => entryOf(makeArticle(n, 2_400)));
  const before = new TextEncoder().encode(newsFeed("Generated news", articles.slice(0, 50)));
  const after = new TextEncoder().encode(newsFeed("Generated news", [...articles.slice(50), ...articles.slice(0, 49)]));
  const known = new Set((await readFeed(before, { contentType, url, sourceId: "bench", now })).entryHashes);
  const first = () => readFeed(after, { contentType, url, sourceId: "bench", now });
  const changed = () => readFeed(after, { contentType, url, sourceId: "bench", now, knownEntries: known });
  const check = await changed();
  if (check.items.length !== 1 || check.skipped !== 49)
    throw new Error("parse bench: the changed body did not skip 49");
  for (let i = 0; i < 5; i++) await Promise.all([first(), changed()]);
  const times = { first: [] as number[], changed: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    times.first.push(await timeBatch(first));
    times.changed.push(await timeBatch(changed));
  }
  return figure({
    group: GROUP,
    name: "changed body, 1 new entry of 50 (entries unchanged since the last read skipped)",
    value: median(times.changed),
    unit: "ms",
    baseline: median(times.first),
    baselineLabel: "first parse + normalize of the same body (readFeed without known entries), same run",
    goal: { on: "ratio", op: "<=", target: 0.15 },
    note: "decoding, the tree and every entry's hash are paid again; normalize and sanitize only for the new entry",
  });
}
