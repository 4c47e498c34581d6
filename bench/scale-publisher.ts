/**
 * The scale bench's publisher: N section feeds of 5 entries each on loopback, spread over `hosts` addresses
 * (127.0.0.1 … 127.0.0.<hosts>, one HTTP server on each, all on one port), so the poller's per-host limits see
 * that many hosts. Feeds are generated on request from their number and generation, deterministically:
 *
 * - each feed carries 2 articles of its own (a tenth of the feeds 3) and, for its other entries, articles of a
 *   shared pool that several feeds carry (about 30% of the articles, each in about 3 feeds, on different hosts);
 * - words come from a vocabulary of 6,000 made-up words, so no term is in every article;
 * - an entry's publication time lies within the last 60 hours;
 * - `ETag` is the feed's generation: a request with `If-None-Match` of the current one gets 304;
 * - `change(fraction)` moves that fraction of the feeds one generation on: each gets one new article of its own
 *   in front and drops its oldest entry.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FixtureEntry, rss } from "../testkit/feeds.ts";
import { seeded } from "./support.ts";

/** Entries of every feed. */
export const ENTRIES_PER_FEED = 5;

/** A running publisher. */
export interface ScalePublisher {
  /** The feed URL of source number `n` (0-based). */
  urlOf(n: number): string;
  /** Moves `fraction` of the feeds (every 1/fraction-th) one generation on: one new article each. */
  change(fraction: number): number;
  /** Requests answered, by status. */
  served: { ok: number; notModified: number; bytes: number };
  close(): Promise<void>;
}

const SYLLABLES =
  "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo".split(
    " ",
  );

/** The vocabulary: made-up words of two or three syllables. */
const VOCABULARY: string[] = (() => {
  const words: string[] = [];
  const random = seeded(7);
  const seen = new Set<string>();
  while (words.length < 6000) {
    const parts = 2 + Math.floor(random() * 2);
    let word = "";
    for (let i = 0; i < parts; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
})();

function words(random: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)] ?? "ba");
  return out.join(" ");
}

/** The time the feeds' articles are dated back from (fixed per run, so a body is the same at each request). */
const BASE = Date.now();

/** One article: `key` names it ("o<feed>-<k>" own, "s<k>" shared). */
function entryOf(key: string): FixtureEntry {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) >>> 0;
  const random = seeded(hash);
  const title = words(random, 8);
  const body = [words(random, 30), words(random, 30), words(random, 30)];
  return {
    title: `${title.charAt(0).toUpperCase()}${title.slice(1)}`,
    link: `https://news.example/${key}/`,
    guid: `https://news.example/?a=${key}`,
    pubDate: new Date(BASE - Math.floor(random() * 60 * 3_600_000)).toUTCString(),
    description: `${words(random, 25)}.`,
    content: body.map((p) => `<p>${p}.</p>`).join("\n"),
    creator: `Author ${hash % 97}`,
    categories: [VOCABULARY[hash % 500] ?? "news"],
  };
}

/**
 * The keys of feed `n`'s entries at generation `gen`: its own articles (2, or 3 for a tenth of the feeds), then
 * shared ones; a later generation puts `gen` new own articles in front and keeps 5 entries.
 */
export function feedKeys(n: number, sources: number, gen: number): string[] {
  const own = n % 10 === 0 ? 3 : 2;
  const shared = ENTRIES_PER_FEED - own;
  // The pool holds about 0.9 × sources articles; feed n's k-th shared entry is article (n + k·⌈pool/3⌉) of it,
  // so each shared article sits in about 3 feeds far apart (different hosts).
  const pool = Math.max(1, Math.round(sources * 0.9));
  const step = Math.ceil(pool / 3);
  const keys: string[] = [];
  for (let g = gen; g > 0; g--) keys.push(`n${n}-${g}`);
  for (let k = 0; k < own; k++) keys.push(`o${n}-${k}`);
  for (let k = 0; k < shared; k++) keys.push(`s${(n + k * step) % pool}`);
  return keys.slice(0, ENTRIES_PER_FEED);
}

/** Starts the publisher of `sources` feeds over `hosts` loopback addresses (at most 254). */
export async function startScalePublisher(sources: number, hosts = 50): Promise<ScalePublisher> {
  const generation = new Int32Array(sources);
  const served = { ok: 0, notModified: 0, bytes: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/feeds\/f(\d+)\.xml$/.exec(req.url ?? "");
    const n = match ? Number(match[1]) : -1;
    if (!match || n >= sources) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"f${n}-${generation[n]}"`;
    if (req.headers["if-none-match"] === etag) {
      served.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    const body = rss({
      title: `Section ${n}`,
      link: `https://news.example/section-${n}/`,
      items: feedKeys(n, sources, generation[n] ?? 0).map(entryOf),
    });
    served.ok++;
    served.bytes += Buffer.byteLength(body);
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag }).end(body);
  };
  const servers: Server[] = [];
  let port = 0;
  for (let h = 1; h <= hosts; h++) {
    const server = createServer(handle);
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, `127.0.0.${h}`, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  return {
    urlOf: (n) => `http://127.0.0.${(n % hosts) + 1}:${port}/feeds/f${n}.xml`,
    change(fraction) {
      const every = Math.round(1 / fraction);
      let changed = 0;
      for (let n = 0; n < sources; n += every) {
        generation[n] = (generation[n] ?? 0) + 1;
        changed++;
      }
      return changed;
    },
    served,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
