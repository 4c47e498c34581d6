import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_MATCH, type MatchField, type MatchSubject, TermMatcher, type TermRule } from "./matcher.ts";
import { parseTerm } from "./term.ts";
import { wordsOf } from "./words.ts";

const titled = (title: string, over: Partial<MatchSubject> = {}): MatchSubject => ({
  title,
  summary: null,
  categories: [],
  contentHtml: null,
  ...over,
});

const keeps = (rule: TermRule, subject: MatchSubject) => TermMatcher.compile([rule]).passes(subject);

describe("terms match words, never parts of words", () => {
  it.each([
    ["putin", "Putin meets Xi", true],
    ["putin", "Putin's war", true],
    ["putin", "Cloud computing costs", false],
    ["war", "The war goes on", true],
    ["war", "Film award season", false],
    ["war", "New software release", false],
    ["war", "Summit in Warsaw", false],
    ["trump", "Trump names envoy", true],
    ["trump", "Trumpet festival opens", false],
    ["trump", "A trumpeter's tour", false],
    ["russia", "Russia and China", true],
    ["russia", "A Prussian palace restored", false],
    ["kyiv", "Kyiv's mayor", true],
    ["kyiv", "Kyiv’s mayor", true],
    ["ukraine", "La guerre en l'Ukraine", true],
    ["ukraine", "La guerre en l’Ukraine", true],
    ["ukraine", "The Russia-Ukraine talks", true],
    ["russia", "The Russia-Ukraine talks", true],
    ["orban", "Orbán visits Moscow", true],
    ["Orbán", "ORBAN visits Moscow", true],
    ["zelensk*", "Zelenskyy speaks", true],
    ["zelensk*", "Zelenskiy speaks", true],
    ["zelensk*", "Zelensky speaks", true],
    ["zelensky", "Zelenskyy speaks", false],
    ["ukrain*", "Ukrainian grain", true],
    ["ukrain*", "Ukraine", true],
    ["ukrain*", "Ukrain", true],
    ["ukrain*", "Ukrai", false],
    ["ukrain*", "Pro-Ukrainian rally", true],
    ["strasse", "Die Straße", true],
    ["STRASSE", "DIE STRAẞE", true],
    ["walesa", "Lech Wałęsa", true],
    ["lodz", "Łódź", true],
    ["ispanak", "ıspanak fiyatı", true],
    ["istanbul", "İstanbul'da zirve", true],
    ["ουκρανια", "Πόλεμος στην ΟΥΚΡΑΝΊΑ", true],
    ["ουκραν*", "Η Ουκρανίας", true],
    ["киев", "Удар по Киеву", false],
    ["киев*", "Удар по Киеву", true],
    ["україн*", "Війна в Україні", true],
    ["أوكرانيا", "الحرب في اوكرانيا", true],
    ["أوكرانيا", "الأوكرانيون", false],
  ])("%s in %j → %s", (term, title, expected) => {
    expect(keeps({ include: [term] }, titled(title))).toBe(expected);
  });

  it("matches a run of the same characters in scripts written without spaces", () => {
    const chinese = { include: ["习近平"] };
    expect(keeps(chinese, titled("习近平在北京会见普京"))).toBe(true);
    expect(keeps(chinese, titled("国家主席习近平会见"))).toBe(true);
    expect(keeps(chinese, titled("习近会见平"))).toBe(false);
    expect(keeps({ include: ["乌克兰"] }, titled("俄罗斯与乌克兰举行和谈"))).toBe(true);
    expect(keeps({ include: ["ウクライナ"] }, titled("ウクライナ情勢について"))).toBe(true);
    expect(keeps({ include: ["ウクライナ"] }, titled("クライナ"))).toBe(false);
    expect(keeps({ include: ["東京"] }, titled("東京でコーヒーを飲んだ"))).toBe(true);
    expect(keeps({ include: ["ยูเครน"] }, titled("สงครามในยูเครนยังคงดำเนินต่อไป"))).toBe(true);
    expect(keeps({ include: ["ยูเครน"] }, titled("สงครามในรัสเซีย"))).toBe(false);
  });

  it("matches several words in a row within one field, whatever punctuation stands between", () => {
    const talks = { include: ["peace talks"] };
    expect(keeps(talks, titled("Peace talks resume"))).toBe(true);
    expect(keeps(talks, titled("After peace-talks"))).toBe(true);
    expect(keeps(talks, titled("No peace. Talks failed"))).toBe(true);
    expect(keeps(talks, titled("peace —  “talks”"))).toBe(true);
    expect(keeps(talks, titled("Talks on peace"))).toBe(false);
    expect(keeps(talks, titled("peace and talks"))).toBe(false);
    // Within one field: never from the title into the summary, nor across two categories.
    expect(keeps(talks, titled("Peace", { summary: "Talks resume" }))).toBe(false);
    expect(keeps(talks, titled("x", { categories: ["World peace", "Talks"] }))).toBe(false);
    expect(keeps(talks, titled("x", { categories: ["Peace talks"] }))).toBe(true);
    expect(keeps({ include: ["peace talk*"] }, titled("peace talking"))).toBe(true);
    expect(keeps({ include: ["peace talk*"] }, titled("peace talk"))).toBe(true);
    expect(keeps({ include: ["peace talk*"] }, titled("peacetalk"))).toBe(false);
  });

  it("ignores quotes around a term and never reads a term as a regular expression", () => {
    expect(keeps({ include: ['"peace talks"'] }, titled("peace talks"))).toBe(true);
    expect(keeps({ include: ["“Orbán”"] }, titled("Orban"))).toBe(true);
    expect(keeps({ include: ["k.*v"] }, titled("Kyiv"))).toBe(false);
    expect(keeps({ include: ["(a+)+$"] }, titled("a"))).toBe(true);
    expect(keeps({ include: ["(a+)+$"] }, titled("aaa"))).toBe(false);
  });

  it("lets exclude win over include, and keeps everything without include", () => {
    const rule = { include: ["ukrain*"], exclude: ["sponsored"] };
    expect(keeps(rule, titled("Ukraine", { categories: ["Sponsored"] }))).toBe(false);
    expect(keeps(rule, titled("Ukraine"))).toBe(true);
    expect(keeps({ exclude: ["sport"] }, titled("Anything"))).toBe(true);
    expect(keeps({ exclude: ["sport"] }, titled("Sport today"))).toBe(false);
    expect(keeps({ exclude: ["sport"] }, titled("Sports today"))).toBe(true);
    expect(keeps({}, titled("Anything"))).toBe(true);
  });

  it("looks only in the fields the rule names; content is the text of contentHtml", () => {
    const inBody = titled("Weekly digest", { contentHtml: "<p>Talks in <b>Kyiv</b></p><p>peace</p>" });
    expect(keeps({ include: ["kyiv"] }, inBody)).toBe(false);
    expect(keeps({ include: ["kyiv"], match: ["title", "content"] }, inBody)).toBe(true);
    // Block elements part words: "Kyiv</p><p>peace" is two words.
    expect(keeps({ include: ["kyivpeace"], match: ["content"] }, inBody)).toBe(false);
    expect(keeps({ include: ["kyiv peace"], match: ["content"] }, inBody)).toBe(true);
    expect(keeps({ include: ["digest"], match: ["summary"] }, inBody)).toBe(false);
    expect(keeps({ include: ["world"], match: ["categories"] }, titled("x", { categories: ["World"] }))).toBe(true);
    expect(keeps({ include: ["world"], match: ["title"] }, titled("x", { categories: ["World"] }))).toBe(false);
    expect(keeps({ exclude: ["kyiv"], match: ["content"] }, inBody)).toBe(false);
    expect(DEFAULT_MATCH).toEqual(["title", "summary", "categories"]);
  });

  it("judges each rule on its own in one matcher", () => {
    const matcher = TermMatcher.compile([
      { include: ["ukrain*"] },
      { include: ["trump"], exclude: ["ukraine"] },
      { exclude: ["sponsored"] },
      { include: ["kyiv"], match: ["content"] },
    ]);
    expect(matcher.verdicts(titled("Trump on Ukraine"))).toEqual([true, false, true, false]);
    expect(matcher.verdicts(titled("Trump", { contentHtml: "Kyiv" }))).toEqual([false, true, true, true]);
    expect(matcher.verdicts(titled("Sponsored"))).toEqual([false, false, false, false]);
    expect(matcher.size).toBe(4);
  });
});

/** The rule read plainly: every rule, every term, every field, every position. */
function reference(rule: TermRule, subject: MatchSubject): boolean {
  const parts = (field: MatchField): string[][] => {
    if (field === "title") return subject.title ? [wordsOf(subject.title)] : [];
    if (field === "summary") return subject.summary ? [wordsOf(subject.summary)] : [];
    if (field === "categories") return subject.categories.map(wordsOf);
    return subject.contentHtml ? [wordsOf(subject.contentHtml)] : [];
  };
  const matches = (text: string) => {
    const term = parseTerm(text);
    return (rule.match ?? DEFAULT_MATCH).some((field) =>
      parts(field).some((words) =>
        words.some((_, at) =>
          term.words.every((want, k) => {
            const word = words[at + k];
            if (word === undefined) return false;
            return k === term.words.length - 1 && term.prefix ? word.startsWith(want) : word === want;
          }),
        ),
      ),
    );
  };
  if ((rule.exclude ?? []).some(matches)) return false;
  return !rule.include?.length || rule.include.some(matches);
}

describe("a compiled matcher", () => {
  const vocabulary = [
    "kyiv",
    "Kyïv",
    "war",
    "award",
    "peace",
    "talks",
    "Orbán",
    "orban",
    "ukraine",
    "ukrainian",
    "习",
    "近平",
  ];
  const glue = [" ", "-", "’", ". ", ", ", "'", " — ", ""];
  const text = fc
    .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...glue)), { maxLength: 8 })
    .map((parts) => parts.map(([word, sep]) => word + sep).join(""));
  const term = fc
    .tuple(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([words, prefix]) => `${words.join(" ")}${prefix ? "*" : ""}`);
  const fields = fc.subarray(["title", "summary", "categories", "content"] as MatchField[], { minLength: 1 });
  const rule = fc.record(
    { include: fc.array(term, { maxLength: 4 }), exclude: fc.array(term, { maxLength: 2 }), match: fields },
    { requiredKeys: ["include", "exclude"] },
  );
  const subject = fc.record({
    title: fc.option(text),
    summary: fc.option(text),
    categories: fc.array(text, { maxLength: 3 }),
    contentHtml: fc.option(text),
  });

  it("gives every rule the verdict the rule read plainly gives", () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 12 }), subject, (rules, item) => {
        const verdicts = TermMatcher.compile(rules).verdicts(item);
        expect(verdicts).toEqual(rules.map((r) => reference(r, item)));
      }),
      { numRuns: 400 },
    );
  });
});
