/**
 * Many rules of terms compiled into one matcher: an item's fields are folded and cut into words once, and each
 * word is looked up in one map of whole words and one trie of prefixes, whatever the number of rules and terms.
 */
import { htmlToText } from "../normalize/text.ts";
import { parseTerm, type Term } from "./term.ts";
import { wordsOf } from "./words.ts";

/** The fields terms can be looked for in; `content` is the text of `contentHtml`. */
export const MATCH_FIELDS = ["title", "summary", "categories", "content"] as const;
/** A field terms can be looked for in. */
export type MatchField = (typeof MATCH_FIELDS)[number];
/** Where terms are looked for when a rule does not say: title, summary and the item's own categories. */
export const DEFAULT_MATCH: readonly MatchField[] = Object.freeze(["title", "summary", "categories"]);

/** What terms are matched against: an item's text (plain title and summary, its own categories, content HTML). */
export interface MatchSubject {
  title: string | null;
  summary: string | null;
  /** Each category is a field of its own: a term of several words never spans two. */
  categories: readonly string[];
  contentHtml: string | null;
}

/** One rule: keep what one `include` term matches (every item when there is none), unless an `exclude` term does. */
export interface TermRule {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Where its terms are looked for; default `DEFAULT_MATCH`. */
  match?: readonly MatchField[];
}

const FIELD_BIT: Readonly<Record<MatchField, number>> = { title: 1, summary: 2, categories: 4, content: 8 };

/** One term of one rule, filed under its first word. */
interface Entry {
  rule: number;
  exclude: boolean;
  /** Bits of the fields the rule looks in. */
  fields: number;
  /** The words after the first, in a row. */
  rest: readonly string[];
  /** The term's last word is a prefix. */
  prefix: boolean;
}

/** A node of the trie of one-word prefix terms, by UTF-16 code unit. */
interface PrefixNode {
  next: Map<number, PrefixNode>;
  /** Terms whose word ends here. */
  terms: Entry[];
}

/** Whether `entry`'s words after the first stand in `words` from `at` on. */
function restMatches(words: readonly string[], at: number, entry: Entry): boolean {
  const { rest } = entry;
  if (at + rest.length > words.length) return false;
  const last = rest.length - 1;
  for (let k = 0; k < rest.length; k++) {
    const word = words[at + k] as string;
    const want = rest[k] as string;
    if (k === last && entry.prefix ? !word.startsWith(want) : word !== want) return false;
  }
  return true;
}

/** The words of one field of `subject`, one list per part (each category is a part). */
function fieldParts(subject: MatchSubject, field: MatchField): string[][] {
  switch (field) {
    case "title":
      return subject.title ? [wordsOf(subject.title)] : [];
    case "summary":
      return subject.summary ? [wordsOf(subject.summary)] : [];
    case "categories":
      return subject.categories.map(wordsOf);
    case "content": {
      const text = htmlToText(subject.contentHtml);
      return text ? [wordsOf(text)] : [];
    }
  }
}

/**
 * Rules of terms compiled once (SPEC §1 Terms): `verdicts` judges an item against every rule with one pass over
 * its words. Build one per configuration, or per request for the `filter` and `filterout` parameters.
 * @example
 * const matcher = TermMatcher.compile([{ include: ["ukrain*", "kyiv"], exclude: ["sponsored"] }]);
 * matcher.passes({ title: "Kyiv’s mayor", summary: null, categories: [], contentHtml: null }) // true
 */
export class TermMatcher {
  /** How many rules were compiled. */
  readonly size: number;
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefixes: PrefixNode = { next: new Map(), terms: [] };
  private readonly hasInclude: Uint8Array;
  /** The fields some rule with terms looks in: only these are cut into words. */
  private readonly fields: MatchField[];

  private constructor(rules: readonly (readonly [TermRule, Term[], Term[]])[]) {
    this.size = rules.length;
    this.hasInclude = new Uint8Array(rules.length);
    const used = new Set<MatchField>();
    rules.forEach(([rule, include, exclude], index) => {
      const match = rule.match ?? DEFAULT_MATCH;
      const fields = match.reduce((bits, field) => bits | FIELD_BIT[field], 0);
      if (include.length > 0) this.hasInclude[index] = 1;
      if (include.length + exclude.length > 0) for (const field of match) used.add(field);
      for (const term of include) this.add(term, { rule: index, exclude: false, fields });
      for (const term of exclude) this.add(term, { rule: index, exclude: true, fields });
    });
    this.fields = MATCH_FIELDS.filter((field) => used.has(field));
  }

  /**
   * Compiles `rules`, their terms read by `parseTerm`.
   * @throws InvalidTermError for a term that can never match (a validated configuration has none).
   */
  static compile(rules: readonly TermRule[]): TermMatcher {
    return new TermMatcher(
      rules.map((rule) => [rule, (rule.include ?? []).map(parseTerm), (rule.exclude ?? []).map(parseTerm)] as const),
    );
  }

  private add(term: Term, of: Pick<Entry, "rule" | "exclude" | "fields">): void {
    const [first, ...rest] = term.words as [string, ...string[]];
    const entry: Entry = { ...of, rest, prefix: term.prefix };
    if (rest.length === 0 && term.prefix) {
      let node = this.prefixes;
      for (let k = 0; k < first.length; k++) {
        const unit = first.charCodeAt(k);
        let next = node.next.get(unit);
        if (!next) {
          next = { next: new Map(), terms: [] };
          node.next.set(unit, next);
        }
        node = next;
      }
      node.terms.push(entry);
      return;
    }
    const filed = this.exact.get(first);
    if (filed) filed.push(entry);
    else this.exact.set(first, [entry]);
  }

  /**
   * Whether `subject` passes each rule, by rule index: no `exclude` term matches, and an `include` term does
   * (or the rule has none). A term matches when its words stand in a row within one field the rule looks in.
   */
  verdicts(subject: MatchSubject): boolean[] {
    const included = new Uint8Array(this.size);
    const excluded = new Uint8Array(this.size);
    const mark = (entry: Entry) => {
      if (entry.exclude) excluded[entry.rule] = 1;
      else included[entry.rule] = 1;
    };
    for (const field of this.fields) {
      const bit = FIELD_BIT[field];
      for (const words of fieldParts(subject, field)) {
        for (let at = 0; at < words.length; at++) {
          const word = words[at] as string;
          const filed = this.exact.get(word);
          if (filed) {
            for (const entry of filed) {
              if (entry.fields & bit && (entry.rest.length === 0 || restMatches(words, at + 1, entry))) mark(entry);
            }
          }
          let node: PrefixNode | undefined = this.prefixes;
          for (let k = 0; k < word.length && node.next.size > 0; k++) {
            node = node.next.get(word.charCodeAt(k));
            if (!node) break;
            for (const entry of node.terms) if (entry.fields & bit) mark(entry);
          }
        }
      }
    }
    const out = new Array<boolean>(this.size);
    for (let rule = 0; rule < this.size; rule++) {
      out[rule] = excluded[rule] === 0 && (this.hasInclude[rule] === 0 || included[rule] === 1);
    }
    return out;
  }

  /** Whether `subject` passes rule `rule` (the first by default): see `verdicts`. */
  passes(subject: MatchSubject, rule = 0): boolean {
    return this.verdicts(subject)[rule] ?? false;
  }
}
