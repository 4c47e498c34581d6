/**
 * Hostile inputs stay linear: each reading function is timed on an input and on the same input eight times
 * longer. Linear work takes about 8 times as long; quadratic work 64 times. The baseline of each figure is
 * the short input's time, measured in the same run (medians of several runs).
 * Both inputs are longer than 128 KB: V8 allocates a string past that size apart from the others, at a fixed cost
 * (about 1 ms a string here) that a short input below it never pays. A short input under that size and a long
 * one over it measured that cost, not growth: a long run of ampersands took 0.1 ms at 100 KB and 2.7 ms at 200 KB,
 * then 5.4 ms at 400 KB.
 */
import { htmlToText } from "@tributary/core/normalize";
import { parseFeed } from "@tributary/core/parse";
import { median } from "./support.ts";
import { type Figure, figure } from "./table.ts";

const GROUP = "parse";
const SCALE = 8;

/** Inputs that a naive scanner would take quadratic time over, by the function that reads them. */
const CASES: { name: string; read: (size: number) => unknown }[] = [
  { name: "htmlToText, unclosed tags", read: (n) => htmlToText("<a ".repeat(n)) },
  { name: "htmlToText, unterminated quote", read: (n) => htmlToText(`<a b='${"x".repeat(n * 2)}`) },
  { name: "htmlToText, script tags without end", read: (n) => htmlToText("<script>".repeat(n / 2)) },
  { name: "htmlToText, stray <", read: (n) => htmlToText("< ".repeat(n)) },
  {
    name: "parseFeed, unclosed tags in escaped HTML",
    read: (n) =>
      parseFeed(
        new TextEncoder().encode(
          `<rss><channel><item><description>${"&lt;a ".repeat(n)}</description></item></channel></rss>`,
        ),
        {
          url: "https://example.org/feed",
        },
      ).catch(() => null),
  },
  {
    name: "parseFeed, a long run of ampersands",
    read: (n) =>
      parseFeed(new TextEncoder().encode(`<rss><channel><title>${"&".repeat(n * 2)}</title></channel></rss>`), {
        url: "https://example.org/feed",
      }).catch(() => null),
  },
];

async function timed(read: () => unknown): Promise<number> {
  const started = performance.now();
  await read();
  return performance.now() - started;
}

/** Time at 8× the size against time at 1×, for each hostile input (goal ≤ 16: linear with room for noise). */
export async function hostileFigures(size = 100_000, runs = 5): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const { name, read } of CASES) {
    await read(size); // warm up
    const short: number[] = [];
    const long: number[] = [];
    for (let run = 0; run < runs; run++) {
      short.push(await timed(() => read(size)));
      long.push(await timed(() => read(size * SCALE)));
    }
    figures.push(
      figure({
        group: GROUP,
        name: `hostile input ×${SCALE}: ${name}`,
        value: median(long),
        unit: "ms",
        baseline: median(short),
        baselineLabel: `same input, 1/${SCALE} the size`,
        goal: { on: "ratio", op: "<=", target: 16 },
      }),
    );
  }
  return figures;
}
