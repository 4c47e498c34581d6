/**
 * The soak's world and its reference model. The world is what the publisher serves: articles (numbered, each
 * with one current version of its text and a date, or none), the entries of each section's feed (an article
 * under one URL variant: http or https, with or without tracking parameters, sometimes twice) and which
 * sections fail. The model is what the store must hold after a cycle at virtual time T: every article seen in
 * a healthy section, its sources, its text (a source's changed copy is an edit; gaining a source is not), its
 * dates, and which lists show it until retention hides it.
 */
import { seededRandom } from "../helpers/fault-proxy.ts";

/** The sections (sources) of the soak's configuration. */
export const SECTIONS = ["a", "b", "c", "d"] as const;
export type Section = (typeof SECTIONS)[number];

/** Its topics: every section; a and b filtered in by "alpha"; c and d with "beta" filtered out. */
export const TOPICS = [
  { slug: "all", title: "All", sources: ["*"] },
  { slug: "odd", title: "Odd", sources: ["a", "b"], include: ["alpha"] },
  { slug: "even", title: "Even", sources: ["c", "d"], exclude: ["beta"] },
] as const;

export const RETENTION_DAYS = 1;
const HOUR = 3_600_000;
/** Virtual time between two rounds: items leave after about eight rounds. */
export const STEP_MS = 3 * HOUR;
const WORDS = ["alpha", "beta", "gamma"] as const;
/** How an entry gives its article's URL. */
export const VARIANTS = ["https", "http", "utm", "http-utm"] as const;
export type Variant = (typeof VARIANTS)[number];

/** One change of the world. */
export type Op =
  | { kind: "new"; n: number; word: string; date: number | null; at: { section: Section; variant: Variant }[] }
  | { kind: "edit"; n: number; word: string }
  | { kind: "move"; n: number; from: Section; to: Section; variant: Variant }
  | { kind: "drop"; n: number; from: Section }
  | { kind: "variant"; n: number; section: Section; variant: Variant; twice: boolean }
  | { kind: "fail"; section: Section }
  | { kind: "recover"; section: Section };

interface Article {
  n: number;
  version: number;
  word: string;
  /** Epoch ms, or null when the feeds give no date. */
  date: number | null;
}

/** What the publisher serves. */
export class World {
  readonly articles = new Map<number, Article>();
  readonly feeds = new Map<Section, { n: number; variant: Variant }[]>(SECTIONS.map((s) => [s, []]));
  readonly failing = new Set<Section>();

  /** Applies one change; a change that no longer applies (its article gone from the trace) does nothing. */
  apply(op: Op): void {
    const feed = (section: Section) => this.feeds.get(section) ?? [];
    const article = "n" in op ? this.articles.get(op.n) : undefined;
    switch (op.kind) {
      case "new":
        this.articles.set(op.n, { n: op.n, version: 1, word: op.word, date: op.date });
        for (const { section, variant } of op.at) feed(section).push({ n: op.n, variant });
        return;
      case "edit":
        if (article) Object.assign(article, { version: article.version + 1, word: op.word });
        return;
      case "move":
        if (!article || !feed(op.from).some((e) => e.n === op.n)) return;
        this.feeds.set(
          op.from,
          feed(op.from).filter((e) => e.n !== op.n),
        );
        if (!feed(op.to).some((e) => e.n === op.n)) feed(op.to).push({ n: op.n, variant: op.variant });
        return;
      case "drop":
        this.feeds.set(
          op.from,
          feed(op.from).filter((e) => e.n !== op.n),
        );
        return;
      case "variant": {
        const entry = feed(op.section).find((e) => e.n === op.n);
        if (!entry) return;
        if (op.twice) feed(op.section).push({ n: op.n, variant: op.variant });
        else entry.variant = op.variant;
        return;
      }
      case "fail":
        this.failing.add(op.section);
        return;
      case "recover":
        this.failing.delete(op.section);
    }
  }

  /** The article's title and summary at its current version. */
  text(n: number): { title: string; summary: string } {
    const article = this.articles.get(n) as Article;
    return {
      title: `Story ${n} v${article.version} ${article.word}`,
      summary: `Summary of story ${n}, version ${article.version}`,
    };
  }
}

/** The link of an entry: the same page, whichever variant. */
export function link(n: number, variant: Variant, section: Section): string {
  const scheme = variant.startsWith("http-") || variant === "http" ? "http" : "https";
  const tracking = variant.endsWith("utm") ? `?utm_source=${section}&utm_medium=feed` : "";
  return `${scheme}://news.example/story-${n}/${tracking}`;
}

/** An article as the store must hold it. */
export interface Expected {
  n: number;
  title: string;
  summary: string;
  publishedAt: string;
  updatedAt: string;
  sources: Set<Section>;
  /** The version of each source's stored copy. */
  copies: Map<Section, number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What the store must hold. */
export class Model {
  readonly items = new Map<number, Expected>();

  /** A completed cycle at virtual time `now` over the world: every healthy section's entries, once each. */
  cycle(world: World, now: number): void {
    const cutoff = iso(now - RETENTION_DAYS * 86_400_000);
    for (const section of SECTIONS) {
      if (world.failing.has(section)) continue;
      for (const n of new Set((world.feeds.get(section) ?? []).map((e) => e.n))) {
        const article = world.articles.get(n);
        if (!article) continue;
        const text = world.text(n);
        const item = this.items.get(n);
        if (!item) {
          const published = iso(article.date ?? now);
          if (published < cutoff) continue;
          this.items.set(n, {
            n,
            ...text,
            publishedAt: published,
            updatedAt: published,
            sources: new Set([section]),
            copies: new Map([[section, article.version]]),
          });
          continue;
        }
        if (item.publishedAt < cutoff) continue;
        const copy = item.copies.get(section);
        if (copy === undefined) item.sources.add(section);
        else if (copy !== article.version) {
          Object.assign(item, text);
          const seen = iso(now);
          if (seen > item.updatedAt) item.updatedAt = seen;
        }
        item.copies.set(section, article.version);
      }
    }
  }

  /** Articles each list must show at `now`, by list key (`s:a`, `t:all`). */
  lists(now: number): Map<string, Expected[]> {
    const cutoff = iso(now - RETENTION_DAYS * 86_400_000);
    const out = new Map<string, Expected[]>();
    const add = (list: string, item: Expected) => out.set(list, [...(out.get(list) ?? []), item]);
    for (const section of SECTIONS) out.set(`s:${section}`, []);
    for (const topic of TOPICS) out.set(`t:${topic.slug}`, []);
    for (const item of this.items.values()) {
      if (item.publishedAt < cutoff) continue;
      for (const section of item.sources) add(`s:${section}`, item);
      const text = `${item.title}\n${item.summary}`.toLowerCase();
      for (const topic of TOPICS) {
        const from = topic.sources[0] === "*" ? SECTIONS : (topic.sources as readonly string[]);
        if (![...item.sources].some((s) => from.includes(s))) continue;
        if ("include" in topic && !topic.include.some((term) => text.includes(term))) continue;
        if ("exclude" in topic && topic.exclude.some((term) => text.includes(term))) continue;
        add(`t:${topic.slug}`, item);
      }
    }
    return out;
  }
}

/** Draws a round's changes of the world from a seeded generator. `next` numbers new articles. */
export function drawOps(random: () => number, world: World, now: number, next: () => number): Op[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const known = [...world.articles.keys()];
  const carried = (section: Section) => (world.feeds.get(section) ?? []).map((e) => e.n);
  const ops: Op[] = [];
  const count = 1 + Math.floor(random() * 4);
  for (let k = 0; k < count; k++) {
    const roll = random();
    const section = pick(SECTIONS);
    if (roll < 0.35 || known.length === 0) {
      const at = SECTIONS.filter(() => random() < 0.4).map((s) => ({ section: s, variant: pick(VARIANTS) }));
      if (at.length === 0) at.push({ section, variant: pick(VARIANTS) });
      const r = random();
      // Undated; dated within retention; now and then already past it (never stored).
      const date =
        r < 0.15 ? null : r < 0.9 ? now - Math.floor(random() * 20) * HOUR : now - (25 + random() * 5) * HOUR;
      ops.push({
        kind: "new",
        n: next(),
        word: pick(WORDS),
        date: date === null ? null : Math.floor(date / 1000) * 1000,
        at,
      });
    } else if (roll < 0.55) ops.push({ kind: "edit", n: pick(known), word: pick(WORDS) });
    else if (roll < 0.65 && carried(section).length > 0) {
      const to = pick(SECTIONS.filter((s) => s !== section));
      ops.push({ kind: "move", n: pick(carried(section)), from: section, to, variant: pick(VARIANTS) });
    } else if (roll < 0.75 && carried(section).length > 0)
      ops.push({ kind: "drop", n: pick(carried(section)), from: section });
    else if (roll < 0.87 && carried(section).length > 0)
      ops.push({ kind: "variant", n: pick(carried(section)), section, variant: pick(VARIANTS), twice: random() < 0.3 });
    else if (roll < 0.94) ops.push({ kind: "fail", section });
    else ops.push({ kind: "recover", section });
  }
  // Sections recover on their own after a while.
  for (const section of world.failing) if (random() < 0.5) ops.push({ kind: "recover", section });
  return ops;
}

/** One line of a trace. */
export function describeOp(op: Op, now: number): string {
  const hours = (ms: number | null) => (ms === null ? "undated" : `dated T${((ms - now) / HOUR).toFixed(0)}h`);
  switch (op.kind) {
    case "new":
      return `new #${op.n} "${op.word}" ${hours(op.date)} in ${op.at.map((a) => `${a.section}(${a.variant})`).join(" ")}`;
    case "edit":
      return `edit #${op.n} -> "${op.word}"`;
    case "move":
      return `move #${op.n} ${op.from} -> ${op.to}(${op.variant})`;
    case "drop":
      return `drop #${op.n} from ${op.from}`;
    case "variant":
      return `${op.twice ? "second entry" : "variant"} #${op.n} in ${op.section}: ${op.variant}`;
    default:
      return `${op.kind} ${op.section}`;
  }
}

export { seededRandom };
