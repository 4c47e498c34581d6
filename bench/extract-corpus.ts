/**
 * The article-extraction development pages and how an extraction is scored on them: F1 of 4-word shingles of the
 * article's words against Readability's expected article (`readability/`), and snippet precision and recall
 * (`snippets/`: texts the article must and must not contain). See articles-dev/README.txt beside the pages.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Readability } from "@mozilla/readability";
import { Parser } from "htmlparser2";
import { parseHTML } from "linkedom";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The folder of the development pages: `ARTICLES_CORPUS`, else the first `shared/corpus/articles-dev` found
 * beside the repository or a folder above it; null when there is none.
 */
export function articlesCorpus(): string | null {
  const given = process.env.ARTICLES_CORPUS;
  if (given) return existsSync(given) ? given : null;
  for (let dir = path.resolve(HERE, ".."); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "corpus", "articles-dev");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** A page scored by shingle F1 against the expected article's text. */
export interface ExpectedPage {
  set: "readability";
  name: string;
  url: string;
  bytes: Uint8Array;
  expectedText: string;
}

/** A page scored by snippets: texts its article must (`with`) and must not (`without`) contain. */
export interface SnippetPage {
  set: "snippets";
  name: string;
  url: string;
  bytes: Uint8Array;
  with: string[];
  without: string[];
}

/** Readability's test pages, each with the text of the article Readability extracts (its test address). */
export function expectedPages(corpus: string): ExpectedPage[] {
  const dir = path.join(corpus, "readability");
  return readdirSync(dir)
    .sort()
    .map((name) => ({
      set: "readability" as const,
      name,
      url: "http://fakehost/test/page.html",
      bytes: new Uint8Array(readFileSync(path.join(dir, name, "source.html"))),
      expectedText: textOf(readFileSync(path.join(dir, name, "expected.html"), "utf8")),
    }));
}

/** The snippet pages, each at its own URL when its key is one (else a made-up address on example.org). */
export function snippetPages(corpus: string): SnippetPage[] {
  const dir = path.join(corpus, "snippets");
  const data = JSON.parse(readFileSync(path.join(dir, "evaldata.json"), "utf8")) as Record<
    string,
    { file: string; with: string[]; without: string[] }
  >;
  return Object.entries(data)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, page]) => ({
      set: "snippets" as const,
      name: page.file,
      url: /^https?:\/\//.test(key) ? key : `https://example.org/pages/${encodeURIComponent(page.file)}`,
      bytes: new Uint8Array(readFileSync(path.join(dir, "pages", page.file))),
      with: page.with,
      without: page.without,
    }));
}

// Elements whose content is no text, and elements that end a run of words, as a browser lays them out.
const HIDDEN = new Set(["script", "style", "noscript", "template", "head", "title", "svg", "math"]);
const BLOCK =
  /^(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|caption|img|video|picture)$/;

/**
 * The text of HTML as a reader sees it: text nodes in order, entities decoded, the content of script, style,
 * noscript and the like left out, blocks separated by a space, whitespace collapsed ("" for none).
 * @example textOf("<p>a<b>b</b></p><p>c</p>") // "ab c"
 */
export function textOf(html: string | null | undefined): string {
  if (!html) return "";
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hidden++;
        else if (BLOCK.test(name)) parts.push(" ");
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCK.test(name)) parts.push(" ");
      },
      ontext(text) {
        if (hidden === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join("").replace(/\s+/g, " ").trim();
}

// Words as the benchmark's tokenizer takes them: runs of word characters (Python's \w, Unicode).
const TOKEN = /[\p{L}\p{M}\p{N}_]+/gu;

/** The 4-word shingles of a text, counted (one shingle of all its words when it has fewer than 4). */
function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last && tokens.length > 0; i++) {
    const key = tokens.slice(i, i + n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Precision, recall and F1 of an extraction. */
export interface Score {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Shingle F1: the 4-word shingles (as a multiset) of the extracted text against the expected text's, as public
 * article-extraction benchmarks score. Both empty is a perfect score; one empty scores 0.
 * @example shingleScore("a b c d e", "a b c d").f1 // 0.666…
 */
export function shingleScore(expected: string, actual: string): Score {
  const want = shingles(expected);
  const got = shingles(actual);
  if (want.size === 0 && got.size === 0) return { precision: 1, recall: 1, f1: 1 };
  let common = 0;
  let wanted = 0;
  let gotten = 0;
  for (const count of want.values()) wanted += count;
  for (const [key, count] of got) {
    gotten += count;
    common += Math.min(count, want.get(key) ?? 0);
  }
  const precision = gotten === 0 ? 0 : common / gotten;
  const recall = wanted === 0 ? 0 : common / wanted;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Snippet counts of one page: `with` texts found (tp) or missed (fn), `without` texts found (fp) or not (tn). */
export interface SnippetCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Counts a page's snippets in the extracted text, whitespace normalised on both sides. */
export function snippetCounts(page: SnippetPage, actual: string): SnippetCounts {
  const text = collapse(actual);
  const has = (snippet: string) => text.includes(collapse(snippet));
  const found = page.with.filter(has).length;
  const leaked = page.without.filter(has).length;
  return { tp: found, fn: page.with.length - found, fp: leaked, tn: page.without.length - leaked };
}

/** Snippet precision, recall and F1 over many pages. */
export function snippetScore(counts: SnippetCounts[]): Score {
  const sum = (key: keyof SnippetCounts) => counts.reduce((total, c) => total + c[key], 0);
  const tp = sum("tp");
  const precision = tp + sum("fp") === 0 ? 0 : tp / (tp + sum("fp"));
  const recall = tp + sum("fn") === 0 ? 0 : tp / (tp + sum("fn"));
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** What an extractor gave for one page: its article's HTML (null: none), in how many milliseconds. */
export interface PageResult {
  set: "readability" | "snippets";
  name: string;
  html: string | null;
  ms: number;
}

/** The figures of one extractor over the development pages. */
export interface CorpusFigures {
  /** Mean shingle F1 over `readability/` (and its precision and recall). */
  readability: Score;
  /** Snippet precision, recall and F1 over `snippets/`. */
  snippets: Score;
  /** Median and mean milliseconds per page. */
  medianMs: number;
  meanMs: number;
  /** Per page: F1 (readability) or snippet counts. */
  pages: { set: string; name: string; f1?: number; counts?: SnippetCounts; ms: number }[];
}

/** Scores an extractor's results on the pages they came from. */
export function scoreResults(pages: (ExpectedPage | SnippetPage)[], results: PageResult[]): CorpusFigures {
  const byKey = new Map(results.map((r) => [`${r.set}/${r.name}`, r]));
  const f1s: Score[] = [];
  const counts: SnippetCounts[] = [];
  const perPage: CorpusFigures["pages"] = [];
  for (const page of pages) {
    const result = byKey.get(`${page.set}/${page.name}`);
    const text = textOf(result?.html);
    const ms = result?.ms ?? 0;
    if (page.set === "readability") {
      const score = shingleScore(page.expectedText, text);
      f1s.push(score);
      perPage.push({ set: page.set, name: page.name, f1: score.f1, ms });
    } else {
      const c = snippetCounts(page, text);
      counts.push(c);
      perPage.push({ set: page.set, name: page.name, counts: c, ms });
    }
  }
  const mean = (key: keyof Score) => (f1s.length === 0 ? 0 : f1s.reduce((t, s) => t + s[key], 0) / f1s.length);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    readability: { precision: mean("precision"), recall: mean("recall"), f1: mean("f1") },
    snippets: snippetScore(counts),
    medianMs: times.length === 0 ? 0 : (times[Math.floor(times.length / 2)] ?? 0),
    meanMs: times.length === 0 ? 0 : times.reduce((t, v) => t + v, 0) / times.length,
    pages: perPage,
  };
}

/**
 * Mozilla's Readability alone on a linkedom document: the library without Tributary's additions, the baseline
 * extractions are compared with. Gives the article's HTML, unsanitized, or null (none, or the library threw:
 * linkedom gives no document for some pages without `<html>`).
 */
export function plainReadability(html: string): string | null {
  try {
    const { document } = parseHTML(html) as unknown as { document: Document };
    return new Readability(document).parse()?.content ?? null;
  } catch {
    return null;
  }
}
