/**
 * The full-text rule of SPEC §2: which items want their article page fetched, under a source's `fullText`
 * (`never`, `auto`, `always`, `{ selector }`).
 */

import type { FullText } from "../config/full-text.ts";
import type { Config, SourceConfig } from "../config/index.ts";
import { countWords } from "../extract/index.ts";
import { selectorWithoutComments } from "../extract/selector.ts";
import type { Article } from "../item.ts";
import { htmlToText } from "../normalize/text.ts";

/** `auto` fetches the page of an entry whose content (else description) has fewer words than this. */
export const AUTO_WORDS = 120;
/** On a source's first poll, only entries published within this many days get their pages. */
export const FIRST_POLL_DAYS = 2;
/** When a source's rule changes, items published within this many days are judged again, once. */
export const RULE_CHANGE_DAYS = 7;

/** The rule in effect for a source: its own `fullText`, else the configuration's top-level one. */
export function ruleOf(config: Pick<Config, "fullText">, source: Pick<SourceConfig, "fullText">): FullText {
  return source.fullText ?? config.fullText ?? "never";
}

/**
 * A rule as one string, kept in the source's state to notice a change: `never`, `auto`, `always`, or
 * `selector:<selector>`, the selector without its comments (`selectorWithoutComments`), so that editing only a comment
 * changes no rule.
 * @example ruleKey({ selector: "article /* body *\/ .body" }) // "selector:article  .body"
 */
export function ruleKey(rule: FullText): string {
  return typeof rule === "string" ? rule : `selector:${selectorWithoutComments(rule.selector) ?? rule.selector}`;
}

/** The CSS selector of a `{ selector }` rule, else null. */
export const selectorOf = (rule: FullText): string | null => (typeof rule === "string" ? null : rule.selector);

/** An item as the rule sees it: its content and where it came from, and the feed's word count kept beside a page's article. */
export type Judged = Pick<Article, "url" | "summary" | "contentHtml"> & {
  contentSource?: Article["contentSource"];
  feedWords?: number;
};

/**
 * Words of the entry's own text: its content, else its description (the normalized `contentHtml` is the content,
 * else the description's HTML), else its summary; for an item whose content is already a page's article, the
 * count kept when the article replaced the feed's text.
 */
export function feedWordsOf(item: Judged): number {
  if (item.contentSource === "page") return item.feedWords ?? 0;
  return countWords(htmlToText(item.contentHtml) ?? item.summary);
}

/**
 * Whether `item`'s article page is to be fetched under `rule`: never without a link or under `never`; `always`
 * and `{ selector }` for every entry (a selector names where the article is: with nothing there, the page's
 * article is found as `auto` finds it); `auto` when the entry has fewer than `AUTO_WORDS` words.
 * @example wantsPage("auto", { url: "https://example.org/a", summary: "One line.", contentHtml: null }) // true
 */
export function wantsPage(rule: FullText, item: Judged): boolean {
  if (rule === "never" || !item.url) return false;
  if (rule === "auto") return feedWordsOf(item) < AUTO_WORDS;
  return true;
}
