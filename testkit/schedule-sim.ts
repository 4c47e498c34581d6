/**
 * A simulated stretch of time for the schedule, with an injected clock: loopback publishers whose feeds gain entries
 * at given publication times, polled by the schedule as it runs in AWS — every `stepMinutes` the due sources are
 * picked (`pickSources`, mode `due`) and polled in worker batches (`runCycle`, mode `ids`) — through the real
 * fetcher and store. It records when each source was polled and how long each entry waited between its publication
 * and the poll that stored it.
 */
import type { Config } from "@tributary/core/config";
import type { Fetcher } from "@tributary/core/fetch";
import { pickSources, runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { rss } from "./feeds.ts";
import type { Publisher } from "./publisher.ts";

const MINUTE_MS = 60_000;

/** A simulated publisher's feed: its entries' publication times and what it says of its schedule. */
export interface SimFeed {
  id: string;
  /** Publication times (epoch ms), ascending. */
  published: number[];
  /** Written into the channel (`<ttl>`, `<skipHours>`, `sy:` elements). */
  channelXml?: string;
  /** Response headers (`Cache-Control`, `Expires`). */
  headers?: Record<string, string>;
  /** Entries with only a summary (no content:encoded) when true for their index. */
  summaryOnly?: (n: number) => boolean;
}

/** The path a simulated feed is served at. */
export const simPath = (id: string) => `/sim/${id}.rss`;

/** What a simulation saw in its measured window (`measureFrom` to `measureTo`). */
export interface SimResult {
  /** Poll times of each source in the window (epoch ms). */
  polls: Map<string, number[]>;
  /**
   * Delay of each entry published in the window, publication to the poll that stored it (minutes), however late
   * after the window that poll came (up to the simulation's end).
   */
  delays: Map<string, number[]>;
  /** Entries published in the window but not stored by the simulation's end. */
  unstored: Map<string, number>;
}

/** Feeds carry their latest entries only, as news feeds do. */
const FEED_ENTRIES = 20;

function feedBody(feed: SimFeed, count: number): string {
  const items = [];
  for (let n = count - 1; n >= 0 && items.length < FEED_ENTRIES; n--) {
    const link = `https://news.example/${feed.id}/${n}`;
    const summary = `Entry ${n} of ${feed.id}: what happened, in one sentence.`;
    items.push({
      title: `${feed.id} entry ${n}`,
      link,
      guid: link,
      pubDate: new Date(feed.published[n] as number).toUTCString(),
      description: summary,
      ...(feed.summaryOnly?.(n) ? {} : { content: `<p>${summary}</p><p>${"The full article text. ".repeat(40)}</p>` }),
    });
  }
  return rss({ title: feed.id, channelXml: feed.channelXml, items });
}

/**
 * Runs the schedule from `from` to `to` (epoch ms) every `stepMinutes`: at each step the feeds show the entries
 * published by then, the due sources are picked and polled in batches of `batch` (as queue workers would, each
 * batch writing one poll record). `config`'s sources must point at `publisher` (`simPath`). Polls are counted from
 * `measureFrom` (default `from`) until `measureTo` (default `to`), and the delays of the entries published between
 * them; running on past `measureTo` lets the window's latest entries be stored, so a slow schedule's delays are not
 * left out of its figures.
 */
export async function simulateSchedule(options: {
  config: Config;
  store: Store;
  fetcher: Fetcher;
  publisher: Publisher;
  feeds: SimFeed[];
  from: number;
  to: number;
  stepMinutes: number;
  measureFrom?: number;
  measureTo?: number;
  batch?: number;
  /** Called once, before the first step at or after `measureFrom` (a meter's reset). */
  onMeasureStart?: () => void;
  /** Called once, before the first step at or after `measureTo` (a meter's reading), if any comes before `to`. */
  onMeasureEnd?: () => void;
}): Promise<SimResult> {
  const { config, store, fetcher, publisher, feeds } = options;
  const measureFrom = options.measureFrom ?? options.from;
  const measureTo = options.measureTo ?? options.to;
  const inWindow = (at: number) => at >= measureFrom && at < measureTo;
  const shown = new Map<string, number>();
  const stored = new Map<string, number>(feeds.map((f) => [f.id, 0]));
  const result: SimResult = { polls: new Map(), delays: new Map(), unstored: new Map() };
  const byPath = new Map(feeds.map((f) => [simPath(f.id), f]));
  let measuring = false;
  let measured = false;
  for (let t = options.from; t < options.to; t += options.stepMinutes * MINUTE_MS) {
    if (!measuring && t >= measureFrom) {
      measuring = true;
      options.onMeasureStart?.();
    }
    if (!measured && t >= measureTo) {
      measured = true;
      options.onMeasureEnd?.();
    }
    for (const feed of feeds) {
      let count = shown.get(feed.id) ?? 0;
      while (count < feed.published.length && (feed.published[count] as number) <= t) count++;
      if (count !== shown.get(feed.id)) {
        publisher.set(simPath(feed.id), {
          body: feedBody(feed, count),
          contentType: "application/rss+xml",
          headers: feed.headers,
        });
        shown.set(feed.id, count);
      }
    }
    const now = () => new Date(t);
    const seen = publisher.requests.length;
    const due = await pickSources({ config, store, now }, { mode: "due" });
    const size = options.batch ?? 10;
    for (let i = 0; i < due.length; i += size) {
      const ids = due.slice(i, i + size);
      await runCycle({ config, store, fetcher, now, scheduledAt: new Date(t) }, { mode: "ids", ids });
    }
    for (const request of publisher.requests.slice(seen)) {
      const feed = byPath.get(request.path);
      if (!feed || request.status >= 400) continue;
      const visible = shown.get(feed.id) ?? 0;
      if (t >= measureFrom) {
        if (t < measureTo) result.polls.set(feed.id, [...(result.polls.get(feed.id) ?? []), t]);
        const delays = result.delays.get(feed.id) ?? [];
        for (let n = stored.get(feed.id) ?? 0; n < visible; n++) {
          const at = feed.published[n] as number;
          if (inWindow(at)) delays.push((t - at) / MINUTE_MS);
        }
        result.delays.set(feed.id, delays);
      }
      stored.set(feed.id, visible);
    }
  }
  for (const feed of feeds) {
    const late = feed.published.filter((at, n) => inWindow(at) && n >= (stored.get(feed.id) ?? 0));
    result.unstored.set(feed.id, late.length);
  }
  return result;
}
