/**
 * Parse: MB/s of Tributary's parse + normalize (`readFeed`: decoding, parsing, sanitizing, canonical URLs, ids)
 * against rss-parser alone (`new Parser().parseString`, decoding included) on the same bytes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Parser from "rss-parser";
import { readFeed } from "../packages/core/src/normalize/index.ts";
import { parseFeed } from "../packages/core/src/parse/index.ts";
import { type BenchContext, entryOf, makeArticle, newsFeed } from "./support.ts";
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
const ROUNDS = 3;
/** Minimum time of one timed batch of one implementation on one input. */
const BATCH_MS = 200;

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

/** Runs the parse group. */
export async function runParse(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const parser = new Parser();
  const decoder = new TextDecoder();
  const now = new Date();
  const ours = (input: Input) => () =>
    readFeed(input.bytes, { contentType: input.contentType, url: input.url, sourceId: "bench", now });
  const theirs = (input: Input) => () => parser.parseString(decoder.decode(input.bytes));
  const parseOnly = (input: Input) => () => parseFeed(input.bytes, { contentType: input.contentType, url: input.url });

  const all = inputs();
  const usable: Input[] = [];
  const skips: Skip[] = [];
  for (const input of all) {
    try {
      const [a, b] = await Promise.all([ours(input)(), theirs(input)()]);
      if (a.items.length !== b.items.length) {
        ctx.log(`  note: ${input.name}: readFeed ${a.items.length} items, rss-parser ${b.items.length}`);
      }
      usable.push(input);
    } catch (error) {
      skips.push({ group: GROUP, name: input.name, reason: (error as Error).message });
    }
  }
  // Warm-up: JIT both before timing.
  for (const input of usable) {
    for (let i = 0; i < 5; i++) {
      await ours(input)();
      await theirs(input)();
    }
  }
  const times = new Map(
    usable.map((input) => [input.name, { ours: [] as number[], theirs: [] as number[], parseOnly: [] as number[] }]),
  );
  const kinds = [
    ["ours", ours],
    ["theirs", theirs],
    ["parseOnly", parseOnly],
  ] as const;
  for (let round = 0; round < ROUNDS; round++) {
    for (const input of usable) {
      const t = times.get(input.name);
      if (!t) continue;
      // Rotate which goes first, so drift falls on all alike.
      for (let k = 0; k < kinds.length; k++) {
        const [kind, make] = kinds[(k + round) % kinds.length] ?? kinds[0];
        t[kind].push(await timeBatch(make(input)));
      }
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  let corpusBytes = 0;
  let corpusOurs = 0;
  let corpusTheirs = 0;
  let corpusParseOnly = 0;
  for (const input of usable) {
    const t = times.get(input.name);
    if (!t) continue;
    const msOurs = mean(t.ours);
    const msTheirs = mean(t.theirs);
    corpusBytes += input.bytes.byteLength;
    corpusOurs += msOurs;
    corpusTheirs += msTheirs;
    corpusParseOnly += mean(t.parseOnly);
    details[input.name] = { bytes: input.bytes.byteLength, msOurs, msTheirs, msParseOnly: mean(t.parseOnly) };
    figures.push(
      figure({
        group: GROUP,
        name: `${input.name} (${(input.bytes.byteLength / 1024).toFixed(0)} KB)`,
        value: mbps(input.bytes.byteLength, msOurs),
        unit: "MB/s",
        baseline: mbps(input.bytes.byteLength, msTheirs),
      }),
    );
  }
  figures.push(
    figure({
      group: GROUP,
      name: `whole corpus, ${usable.length} feeds (${(corpusBytes / 1024).toFixed(0)} KB)`,
      value: mbps(corpusBytes, corpusOurs),
      unit: "MB/s",
      baseline: mbps(corpusBytes, corpusTheirs),
      baselineLabel: "rss-parser alone (new Parser().parseString, UTF-8 decoding included) on the same bytes",
      goal: { on: "ratio", op: ">=", target: 0.5 },
      note: "readFeed = parse + normalize (sanitize HTML, absolute URLs, canonical URL, id, dates, summary)",
    }),
  );
  figures.push(
    figure({
      group: GROUP,
      name: "whole corpus, parseFeed alone (no normalize)",
      value: mbps(corpusBytes, corpusParseOnly),
      unit: "MB/s",
      baseline: mbps(corpusBytes, corpusTheirs),
      baselineLabel: "rss-parser alone on the same bytes",
      note: "where the time goes: parseFeed is built on rss-parser; the rest of readFeed is normalize",
    }),
  );
  return { figures, skips, details };
}
