/**
 * Which page jobs a poll leaves behind (SPEC §2 Full text): one for each item first stored under a rule that wants
 * its page (on a source's first poll, only those of the last 2 days), one again when an entry's link changes, and,
 * once when a source's rule changes, one for each of its items of the last 7 days that the new rule wants.
 */
import type { Config, SourceConfig } from "../config/index.ts";
import type { Article } from "../item.ts";
import { type PageJob, type SourceState, type Store, sourceList } from "../store/index.ts";
import { FIRST_POLL_DAYS, RULE_CHANGE_DAYS, ruleKey, ruleOf, selectorOf, wantsPage } from "./rule.ts";

const DAY_MS = 86_400_000;

/** What a source's merge came to, as the rule reads it: each item's outcome, and the items whose link changed. */
export interface MergedItems {
  outcomes: ReadonlyMap<string, string>;
  relinked?: ReadonlySet<string>;
  /** Items the source stored first in a poll that failed before it finished: their jobs are queued as new ones'. */
  resumed?: ReadonlySet<string>;
}

/** A job for `item` of `source`, due at `now`. */
function jobFor(config: Config, source: SourceConfig, item: Pick<Article, "id" | "url">, now: Date): PageJob {
  return {
    itemId: item.id,
    sourceId: source.id,
    url: item.url as string,
    selector: selectorOf(ruleOf(config, source)),
    attempts: 0,
    dueAt: now.toISOString(),
  };
}

/**
 * The page jobs of a source's poll: its items stored for the first time (`new`, or `resumed`: by a poll of it that
 * failed after storing them) that its rule wants, published in the last `FIRST_POLL_DAYS` days on the source's first
 * poll (`state` never successful), and its items whose link changed in an edit (`relinked`) that the rule wants.
 * `items` are the feed's items as read.
 * @example const jobs = pollJobs(config, source, state, items, merge, now); await store.pages.queue(jobs);
 */
export function pollJobs(
  config: Config,
  source: SourceConfig,
  state: Pick<SourceState, "lastSuccessAt">,
  items: readonly Article[],
  merge: MergedItems,
  now: Date,
): PageJob[] {
  const rule = ruleOf(config, source);
  if (rule === "never") return [];
  const firstPoll = state.lastSuccessAt === null;
  const since = new Date(now.getTime() - FIRST_POLL_DAYS * DAY_MS).toISOString();
  const jobs = new Map<string, PageJob>();
  for (const item of items) {
    const outcome = merge.outcomes.get(item.id);
    const stored = outcome === "new" || merge.resumed?.has(item.id) === true;
    const fresh = stored && (!firstPoll || item.publishedAt >= since);
    const relinked = merge.relinked?.has(item.id) === true;
    if ((fresh || relinked) && wantsPage(rule, item)) jobs.set(item.id, jobFor(config, source, item, now));
  }
  return [...jobs.values()];
}

/**
 * Whether the source's rule differs from the one its state was last polled under (a state from before full text
 * was polled under `never`).
 */
export function ruleChanged(config: Config, source: SourceConfig, state: Pick<SourceState, "fullTextRule">): boolean {
  return ruleKey(ruleOf(config, source)) !== (state.fullTextRule ?? "never");
}

/**
 * The jobs of a changed rule: the source's items published in the last `RULE_CHANGE_DAYS` days that the new rule
 * wants (an item whose content is already a page's article is judged by the feed's word count kept with it).
 * One Query of the source's list (from the cutoff) and one BatchGetItem per 100 items.
 * @throws StorageError
 */
export async function ruleChangeJobs(
  store: Store,
  config: Config,
  source: SourceConfig,
  now: Date,
): Promise<PageJob[]> {
  const rule = ruleOf(config, source);
  if (rule === "never") return [];
  const since = new Date(now.getTime() - RULE_CHANGE_DAYS * DAY_MS).toISOString();
  const rows = await store.lists.rows(sourceList(source.id), since);
  const items = await store.items.getMany(rows.map((row) => row.id));
  return [...items.values()]
    .filter((item) => item.publishedAt >= since && wantsPage(rule, item))
    .map((item) => jobFor(config, source, item, now));
}
