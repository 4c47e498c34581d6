/**
 * Reference groupings that story grouping is measured against, run under the same contract (items taken in
 * `publishedAt` then id order, never two items of one host in a group, the 72-hour window of the group's first
 * item), each reading everything it has seen (no storage budget):
 * - `exactTitleGroups`: one group per folded title (FreshRSS's rule);
 * - `newsblurGroups`: NewsBlur's cross-feed rule: an item joins the group of an earlier item with the same
 *   normalised title, or with at least 3 shared significant title words making at least 60% of the shorter's;
 * - `tfidfCentroidGroups`: an online TF-IDF centroid clusterer (the lexical core of Miranda et al. 2018,
 *   "Multilingual clustering of streaming news"): inverse document frequencies counted over the stream so far, an
 *   item joins the group whose mean vector is most cosine-similar, at or above a threshold.
 */
import stopwordsIso from "stopwords-iso/stopwords-iso.json" with { type: "json" };
import { wordsOf } from "../terms/index.ts";
import { inWindow } from "./decide.ts";
import { hostOf, type StoryInput } from "./features.ts";
import { groupingOrder } from "./group.ts";

const ENGLISH_STOPWORDS = new Set((stopwordsIso as Record<string, string[]>).en ?? []);

/** A group being built: its id (first item's), first time, hosts. */
interface Group {
  id: string;
  firstAt: number;
  hosts: Set<string>;
}

/** Whether an item may join a group under the contract's rules. */
function admits(group: Group, host: string | null, publishedAt: number): boolean {
  return inWindow(publishedAt, group.firstAt) && (host === null || !group.hosts.has(host));
}

function open(item: StoryInput, host: string | null, publishedAt: number): Group {
  return { id: item.id, firstAt: publishedAt, hosts: new Set(host === null ? [] : [host]) };
}

/** Item id → group id, one group per folded title (words joined by spaces). */
export function exactTitleGroups(items: readonly StoryInput[]): Map<string, string> {
  const out = new Map<string, string>();
  const byTitle = new Map<string, Group[]>();
  for (const item of groupingOrder(items)) {
    const host = hostOf(item.url);
    const at = Date.parse(item.publishedAt);
    const title = wordsOf(item.title ?? "").join(" ");
    const groups = byTitle.get(title) ?? [];
    let group = title === "" ? undefined : groups.find((g) => admits(g, host, at));
    if (!group) {
      group = open(item, host, at);
      groups.push(group);
      byTitle.set(title, groups);
    } else if (host !== null) group.hosts.add(host);
    out.set(item.id, group.id);
  }
  return out;
}

/** Significant title words as NewsBlur counts them: folded, not an English stopword, at least 3 characters. */
function significant(title: string): Set<string> {
  return new Set(wordsOf(title).filter((word) => word.length >= 3 && !ENGLISH_STOPWORDS.has(word)));
}

/** Item id → group id by NewsBlur's cross-feed rule (see the module's doc), single link to the earliest match. */
export function newsblurGroups(items: readonly StoryInput[]): Map<string, string> {
  const out = new Map<string, string>();
  const seen: { title: string; words: Set<string>; group: Group }[] = [];
  for (const item of groupingOrder(items)) {
    const host = hostOf(item.url);
    const at = Date.parse(item.publishedAt);
    const title = wordsOf(item.title ?? "").join(" ");
    const words = significant(item.title ?? "");
    let group: Group | undefined;
    for (const other of seen) {
      if (!admits(other.group, host, at)) continue;
      if (title !== "" && title === other.title) {
        group = other.group;
        break;
      }
      let shared = 0;
      for (const word of words) if (other.words.has(word)) shared++;
      if (shared >= 3 && shared >= 0.6 * Math.min(words.size, other.words.size)) {
        group = other.group;
        break;
      }
    }
    if (!group) group = open(item, host, at);
    else if (host !== null) group.hosts.add(host);
    seen.push({ title, words, group });
    out.set(item.id, group.id);
  }
  return out;
}

/** Item id → group id by the online TF-IDF centroid clusterer (see the module's doc) at `threshold`. */
export function tfidfCentroidGroups(items: readonly StoryInput[], threshold: number): Map<string, string> {
  const out = new Map<string, string>();
  const df = new Map<string, number>();
  let docs = 0;
  const groups: { group: Group; sum: Map<string, number>; size: number }[] = [];
  for (const item of groupingOrder(items)) {
    const host = hostOf(item.url);
    const at = Date.parse(item.publishedAt);
    const tf = new Map<string, number>();
    for (const word of wordsOf(`${item.title ?? ""} ${item.summary ?? ""}`)) {
      if (!ENGLISH_STOPWORDS.has(word)) tf.set(word, (tf.get(word) ?? 0) + 1);
    }
    docs++;
    for (const word of tf.keys()) df.set(word, (df.get(word) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [word, n] of tf) {
      const weight = n * Math.log((docs + 1) / ((df.get(word) ?? 0) + 1) + 1);
      vector.set(word, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (const [word, weight] of vector) vector.set(word, norm > 0 ? weight / norm : 0);
    let best: (typeof groups)[number] | null = null;
    let bestScore = threshold;
    for (const candidate of groups) {
      if (!admits(candidate.group, host, at)) continue;
      let dot = 0;
      let length = 0;
      for (const [word, weight] of candidate.sum) {
        length += weight * weight;
        const mine = vector.get(word);
        if (mine !== undefined) dot += mine * weight;
      }
      const score = length > 0 ? dot / Math.sqrt(length) : 0;
      if (score >= bestScore && (best === null || score > bestScore)) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best === null) {
      best = { group: open(item, host, at), sum: new Map(), size: 0 };
      groups.push(best);
    } else if (host !== null) best.group.hosts.add(host);
    for (const [word, weight] of vector) best.sum.set(word, (best.sum.get(word) ?? 0) + weight);
    best.size++;
    out.set(item.id, best.group.id);
  }
  return out;
}
