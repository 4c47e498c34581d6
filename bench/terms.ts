/**
 * Terms: items judged per second against the topics of a configuration, 50 topics of 10 terms each against 1
 * topic of a few terms (the baseline, same run, same items). The matcher is compiled once per configuration and
 * each item's fields are folded and cut into words once, so the number of topics and terms should cost little.
 * The substring rule terms replaced is measured on the same items for comparison.
 */
import type { Config } from "@tributary/core/config";
import type { MatchSubject } from "@tributary/core/terms";
import { TopicTerms } from "@tributary/core/terms";
import { type BenchContext, makeConfig, median, seeded } from "./support.ts";
import { type Figure, figure } from "./table.ts";

const GROUP = "terms";
const ITEMS = 2_000;
const RUNS = 7;

/** Words news titles and summaries are made of, a few languages and scripts among them. */
const VOCABULARY = (
  "the a of in on and to for with after before talks peace war award warsaw software computing putin's " +
  "kyiv’s ukraine ukrainian russia-ukraine prussian trump trumpet orbán zelenskyy zelenskiy minister election " +
  "market energy grain sanctions summit nato europe china taiwan economy inflation rates bank court vote " +
  "l'ukraine straße łódź ıspanak ουκρανία україна الحرب 习近平 会见 ウクライナ ยูเครน budget climate strike"
).split(" ");

/** Terms topics are made of: words, prefixes and phrases, most of them absent from any one item. */
const TERM_POOL = (
  "ukrain*|kyiv|kiev|russia*|putin|zelensk*|kremlin|nato|sanctions|peace talks|ceasefire|trump|white house|" +
  "election*|vote|china|taiwan|beijing|xi|tariff*|energy|oil|gas|grain|wheat|climate|emission*|carbon|court|" +
  "supreme court|inflation|rates|central bank|bank*|market*|stocks|bond*|budget|deficit|strike*|union|" +
  "orban|hungar*|poland|warsaw|lodz|germany|strasse|europe*|brussels|习近平|ウクライナ|ยูเครน|ουκραν*|україн*"
).split("|");

function items(random: () => number): MatchSubject[] {
  const pick = () => VOCABULARY[Math.floor(random() * VOCABULARY.length)] as string;
  const words = (n: number) => Array.from({ length: n }, pick).join(" ");
  return Array.from({ length: ITEMS }, () => ({
    title: words(8 + Math.floor(random() * 6)),
    summary: `${words(20 + Math.floor(random() * 20))}.`,
    categories: [words(2), words(1)],
    contentHtml: null,
  }));
}

function configOf(topics: { include: string[]; exclude?: string[] }[]): Config {
  return makeConfig({
    title: "Bench",
    sources: [{ id: "s", url: "https://example.org/feed" }],
    topics: topics.map((topic, n) => ({ slug: `t${n}`, title: `T${n}`, sources: ["*"], ...topic })),
  });
}

/** The rule terms replaced: case-insensitive substrings of title, summary and categories, topic by topic. */
function substringPassing(config: Config, item: MatchSubject): string[] {
  const text = [item.title ?? "", item.summary ?? "", ...item.categories].join("\n").toLowerCase();
  return config.topics
    .filter((topic) => {
      if (topic.include?.length && !topic.include.some((term) => text.includes(term.toLowerCase()))) return false;
      return !topic.exclude?.some((term) => text.includes(term.toLowerCase()));
    })
    .map((topic) => topic.slug);
}

/** Items judged per second by `judge`: the median of `RUNS` passes over every item, after a warm-up pass. */
function itemsPerSecond(corpus: MatchSubject[], judge: (item: MatchSubject) => unknown): number {
  for (const item of corpus) judge(item);
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (const item of corpus) judge(item);
    rates.push(corpus.length / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

/** Items per second with 1 topic of 4 terms (baseline) and 50 topics of 10 terms; the substring rule beside them. */
export async function runTerms(ctx: BenchContext): Promise<{ figures: Figure[]; skips: [] }> {
  const random = seeded(23);
  const corpus = items(random);
  const termsOf = (n: number, from: number) =>
    Array.from({ length: n }, (_, k) => TERM_POOL[(from + k * 7) % TERM_POOL.length] as string);
  const one = configOf([{ include: termsOf(4, 0) }]);
  const fifty = configOf(
    Array.from({ length: 50 }, (_, n) => ({ include: termsOf(9, n), exclude: termsOf(1, n + 3) })),
  );
  const compiled = (config: Config) => {
    const terms = TopicTerms.of(config);
    return (item: MatchSubject) => terms.passing(item);
  };
  const kept = corpus.reduce((sum, item) => sum + TopicTerms.of(fifty).passing(item).size, 0);
  const baseline = itemsPerSecond(corpus, compiled(one));
  const many = itemsPerSecond(corpus, compiled(fifty));
  const oldOne = itemsPerSecond(corpus, (item) => substringPassing(one, item));
  const oldMany = itemsPerSecond(corpus, (item) => substringPassing(fifty, item));
  ctx.log(`  ${ITEMS} items, ${(kept / ITEMS).toFixed(1)} of the 50 topics keep an item on average`);
  const baselineLabel = "1 topic × 4 terms, same items";
  const figures = [
    figure({ group: GROUP, name: "items judged, 1 topic × 4 terms", value: baseline, unit: "items/s" }),
    figure({
      group: GROUP,
      name: "items judged, 50 topics × 10 terms",
      value: many,
      unit: "items/s",
      baseline,
      baselineLabel,
      goal: { on: "ratio", op: ">=", target: 0.5 },
    }),
    figure({
      group: GROUP,
      name: "substring rule before terms, 1 topic × 4 terms",
      value: oldOne,
      unit: "items/s",
      baseline,
      baselineLabel,
    }),
    figure({
      group: GROUP,
      name: "substring rule before terms, 50 topics × 10 terms",
      value: oldMany,
      unit: "items/s",
      baseline: oldOne,
      baselineLabel: "substring rule, 1 topic × 4 terms",
    }),
  ];
  for (const f of figures) {
    ctx.log(
      `  ${f.name}: ${Math.round(f.value).toLocaleString("en")} ${f.unit}${f.ratio === null ? "" : ` (ratio ${f.ratio.toFixed(2)})`}`,
    );
  }
  return { figures, skips: [] };
}
