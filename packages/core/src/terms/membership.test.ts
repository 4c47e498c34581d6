import { describe, expect, it } from "vitest";
import type { Config } from "../config/index.ts";
import { TRICKY_ROWS, TRICKY_TOPICS } from "./testdata/tricky-items.ts";
import { TopicTerms } from "./topics.ts";

const config = { topics: TRICKY_TOPICS.map((topic) => ({ ...topic, title: topic.slug, sources: ["*"] })) };
const subject = (row: (typeof TRICKY_ROWS)[number]) => ({
  title: row.title,
  summary: row.summary ?? null,
  categories: row.categories ?? [],
  contentHtml: row.contentHtml ?? null,
});

describe("topic terms on tricky titles and summaries in several languages", () => {
  const terms = TopicTerms.of(config as unknown as Config);

  it("files every row under exactly its topics: precision and recall 100%", () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const wrong: string[] = [];
    for (const row of TRICKY_ROWS) {
      const got = terms.passing(subject(row));
      for (const { slug, include } of TRICKY_TOPICS) {
        // Topics without include terms keep everything: not judged here.
        if (!include?.length) continue;
        const want = row.topics.includes(slug);
        const has = got.has(slug);
        if (want && has) truePositives++;
        else if (has) falsePositives++;
        else if (want) falseNegatives++;
        if (want !== has) wrong.push(`${row.title} → ${slug}: ${has ? "kept" : "missed"}`);
      }
    }
    expect(wrong).toEqual([]);
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    expect({ precision, recall }).toEqual({ precision: 1, recall: 1 });
    expect(truePositives).toBeGreaterThan(50);
  });

  it("compiles once per configuration and answers per topic", () => {
    expect(TopicTerms.of(config as unknown as Config)).toBe(terms);
    expect(TopicTerms.of({ topics: [...config.topics] } as unknown as Config)).not.toBe(terms);
    const row = subject({ title: "Trump's envoy meets Putin", topics: [] });
    expect(terms.passes("trump", row)).toBe(true);
    expect(terms.passes("hungary", row)).toBe(false);
    expect(terms.passes("no-such-topic", row)).toBe(false);
  });
});
