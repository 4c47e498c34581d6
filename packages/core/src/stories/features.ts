/**
 * What grouping judges an item by, taken from what the item has when it is first stored: its title, summary and
 * the text of the feed's content, its date and its host. An item becomes a weighted term vector of unit length.
 */

import { wordsOf } from "../terms/index.ts";
import { COPY_LEDE_WORDS, copyKeyOf } from "./copies.ts";
import type { StoryOptions } from "./options.ts";
import { termWeight } from "./weights.ts";

/** The fields of an item that grouping reads (a stored `Item` has them all; `contentText` is its content's text). */
export interface StoryInput {
  id: string;
  /**
   * Where the item was published — its link (`Item.url`), or for an item without one its feed's URL: its host is the
   * publisher's for the same-host rule.
   */
  url: string | null;
  title: string | null;
  summary: string | null;
  /** Plain text of the feed's content (`htmlToText(contentHtml)`), when there is one. */
  contentText?: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string;
}

/** An item as grouping sees it. */
export interface ItemFeatures {
  id: string;
  /** Lower-case host of where the item was published (`StoryInput.url`), null when unknown (then it meets no same-host rule). */
  host: string | null;
  /** `publishedAt` in milliseconds since the epoch. */
  publishedAt: number;
  /** Term → weight, of Euclidean length 1 (empty when the item has no words). */
  vector: Map<string, number>;
  /**
   * The item's most distinctive terms, heaviest first (ties by term), terms holding a digit last (a date or a count
   * says little about which story an item reports): what its lookup keys are made of.
   */
  keys: string[];
  /** Fingerprint of the title's terms and its lede's, null for a title too generic to name one article (`copies.ts`). */
  copyKey: number | null;
}

const SEGMENTER = new Intl.Segmenter("und", { granularity: "word" });

/** The first `length` code points of a term (all of it when `length` is 0). */
function cut(term: string, length: number): string {
  if (length <= 0 || term.length <= length) return term;
  return Array.from(term).slice(0, length).join("");
}

/** The lede of a text: its first `limit` words. */
function lede(text: string | null | undefined, limit: number): string {
  if (!text) return "";
  let count = 0;
  for (const { index, isWordLike } of SEGMENTER.segment(text)) {
    if (isWordLike && ++count > limit) return text.slice(0, index);
  }
  return text;
}

/** Term → weight of the words of a text: each word once, at its `termWeight` times `factor`, cut to its prefix. */
function weigh(text: string, factor: number, options: StoryOptions): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of wordsOf(text)) {
    const weight = termWeight(word);
    if (weight < options.minWeight) continue;
    const term = cut(word, options.prefixLength);
    if (weight * factor > (out.get(term) ?? 0)) out.set(term, weight * factor);
  }
  return out;
}

/**
 * The features of an item (see `ItemFeatures`): the title's words at their `termWeight`, and the words of the
 * summary's and content's ledes not in the title at `bodyWeight` times theirs; words under `minWeight` left out,
 * every word cut to `prefixLength` characters, the vector scaled to length 1. The lookup terms are its heaviest
 * terms (title words first, as they weigh double), those without a digit first.
 * @example itemFeatures({ id: "a", url: "https://x.example/1", title: "GM recall probe", summary: null, publishedAt: "2014-03-11T00:00:00Z" }, STORY_DEFAULTS).keys // ["gm", "probe", "recall"]
 */
export function itemFeatures(input: StoryInput, options: StoryOptions): ItemFeatures {
  const title = weigh(input.title ?? "", 1, options);
  const body = weigh(
    `${lede(input.summary, options.bodyWords)}\n${lede(input.contentText, options.bodyWords)}`,
    options.bodyWeight,
    options,
  );
  const vector = new Map(title);
  for (const [term, weight] of body) if (!title.has(term)) vector.set(term, weight);
  let norm = 0;
  for (const weight of vector.values()) norm += weight * weight;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
  const keys = [...vector]
    .sort((a, b) => numeral(a[0]) - numeral(b[0]) || b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, options.lookupTerms)
    .map(([term]) => term);
  return {
    id: input.id,
    host: hostOf(input.url),
    publishedAt: Date.parse(input.publishedAt),
    vector,
    keys,
    copyKey: copyKeyOf(title, weigh(lede(input.summary || input.contentText, COPY_LEDE_WORDS), 1, options)),
  };
}

/** 1 for a term holding a digit ("10", "2014", "q4"), else 0: numbers are lookup terms only when nothing else is. */
function numeral(term: string): number {
  return /\p{Nd}/u.test(term) ? 1 : 0;
}

/** The lower-case host of a URL, or null when there is no URL or it does not parse. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}
