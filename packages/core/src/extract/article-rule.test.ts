import { describe, expect, it } from "vitest";
import { isTheArticle } from "./article-rule.ts";
import { countWords, wordsOf } from "./words.ts";

describe("isTheArticle", () => {
  const article =
    "Diplomats from both sides met in Geneva on Tuesday to resume talks over a ceasefire. Officials said talks go on.";

  it("keeps an article with more words than the feed's text holding 80% of the summary's words", () => {
    expect(isTheArticle(article, { feedText: "Diplomats met in Geneva on Tuesday." })).toEqual({ ok: true });
    expect(isTheArticle(article, { feedText: null, feedSummary: null })).toEqual({ ok: true });
  });

  it("refuses an article no longer than the feed's text", () => {
    const verdict = isTheArticle("Diplomats met.", { feedText: "Diplomats met in Geneva on Tuesday." });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/2 words, the feed's text 6/);
  });

  it("refuses a page holding under 80% of the summary's words, a cut summary's last word aside", () => {
    const summary = "Diplomats met in Geneva on Tuesday, volcano ash grounded flights";
    const verdict = isTheArticle(article, { feedText: "Short.", feedSummary: summary });
    expect(verdict.ok).toBe(false);
    // 8 of 10 words held: enough.
    expect(
      isTheArticle(article, { feedText: "x", feedSummary: "Diplomats met in Geneva on Tuesday to resume volcano ash" })
        .ok,
    ).toBe(true);
    // The cut last word ("xyzzy…") is not asked for; words before it are.
    expect(isTheArticle(article, { feedText: "x", feedSummary: "Diplomats met in Geneva on Tuesday xyzzy…" }).ok).toBe(
      true,
    );
    expect(isTheArticle(article, { feedText: "x", feedSummary: "Diplomats met xyzzy plugh in Geneva…" }).ok).toBe(
      false,
    );
  });
});

describe("words", () => {
  it("counts words in any script, each Han or kana character as one", () => {
    expect(wordsOf("Kyiv's mayor, 2024: “talks”")).toEqual(["kyiv's", "mayor", "2024", "talks"]);
    expect(countWords("日本語のテキスト and café")).toBe(10);
    expect(countWords("")).toBe(0);
  });
});
