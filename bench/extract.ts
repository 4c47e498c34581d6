/**
 * Extract: full-text extraction on the development pages (articles-dev, see extract-corpus.ts). Pages per second
 * of `extractArticle` (decoding, furniture, Readability, prose check, sanitizing) against Readability alone on
 * linkedom, each page run by both in turn so load from elsewhere falls on both alike; shingle F1 on `readability/`
 * and snippet precision and recall on `snippets/` of both. Skipped when the pages are not on this machine.
 */
import { decodePage, extractArticle } from "@tributary/core/extract";
import {
  articlesCorpus,
  expectedPages,
  type PageResult,
  plainReadability,
  scoreResults,
  snippetPages,
} from "./extract-corpus.ts";
import type { BenchContext } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const GROUP = "extract";
const BASELINE = "Readability alone on linkedom";

/** Runs the extract group. */
export async function runExtract(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const corpus = articlesCorpus();
  if (corpus === null) {
    return {
      figures: [],
      skips: [{ group: GROUP, name: "(group)", reason: "no articles-dev pages (set ARTICLES_CORPUS)" }],
      details: null,
    };
  }
  const pages = [...expectedPages(corpus), ...snippetPages(corpus)];
  const ours: PageResult[] = [];
  const theirs: PageResult[] = [];
  for (const page of pages) {
    // Both decode the page the same way; decoding is timed with each.
    let started = performance.now();
    const found = extractArticle(decodePage(page.bytes), page.url);
    ours.push({
      set: page.set,
      name: page.name,
      html: found.ok ? found.contentHtml : null,
      ms: performance.now() - started,
    });
    started = performance.now();
    const plain = plainReadability(decodePage(page.bytes));
    theirs.push({ set: page.set, name: page.name, html: plain, ms: performance.now() - started });
  }
  const a = scoreResults(pages, ours);
  const b = scoreResults(pages, theirs);
  const perSecond = (results: PageResult[]) => (1000 * results.length) / results.reduce((t, r) => t + r.ms, 0);
  ctx.log(
    `  ${pages.length} pages; ours: F1 ${a.readability.f1.toFixed(3)}, snippets P ${a.snippets.precision.toFixed(3)} R ${a.snippets.recall.toFixed(3)}, ${a.medianMs.toFixed(0)} ms median; ` +
      `${BASELINE}: F1 ${b.readability.f1.toFixed(3)}, snippets P ${b.snippets.precision.toFixed(3)} R ${b.snippets.recall.toFixed(3)}, ${b.medianMs.toFixed(0)} ms median`,
  );
  const figures = [
    figure({
      group: GROUP,
      name: "pages per second (decode, extract, sanitize)",
      value: perSecond(ours),
      unit: "pages/s",
      baseline: perSecond(theirs),
      baselineLabel: BASELINE,
      goal: { on: "ratio", op: ">=", target: 0.5 },
      note: `median ${a.medianMs.toFixed(0)} ms a page, baseline ${b.medianMs.toFixed(0)} ms`,
    }),
    figure({
      group: GROUP,
      name: "readability/ shingle F1 (Readability's own expected articles)",
      value: a.readability.f1,
      unit: "",
      baseline: b.readability.f1,
      baselineLabel: BASELINE,
      goal: { on: "ratio", op: ">=", target: 0.95 },
    }),
    figure({
      group: GROUP,
      name: "snippets/ precision",
      value: a.snippets.precision,
      unit: "",
      baseline: b.snippets.precision,
      baselineLabel: BASELINE,
      goal: { on: "ratio", op: ">=", target: 1 },
    }),
    figure({
      group: GROUP,
      name: "snippets/ recall",
      value: a.snippets.recall,
      unit: "",
      baseline: b.snippets.recall,
      baselineLabel: BASELINE,
      goal: { on: "ratio", op: ">=", target: 1 },
    }),
  ];
  return {
    figures,
    skips: [],
    details: { pages: pages.length, ours: { ...a, pages: undefined }, baseline: { ...b, pages: undefined } },
  };
}
