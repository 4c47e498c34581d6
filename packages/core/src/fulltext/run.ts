/**
 * Running page jobs, off the poll's path (SPEC §2 Full text, §5, §6): each due job is claimed, its page fetched
 * through the polling fetcher (its limits, `perHost` included, and address rules), its article taken and judged
 * by the full-text rule, and stored in the item. A page that fails is tried again after about 1, 10 and 60
 * minutes, then the feed's content stays; none of it is ever the source's failure.
 */
import pLimit from "p-limit";
import type { Config, SourceConfig } from "../config/index.ts";
import { ItemTooLargeError } from "../errors.ts";
import { decodePage, extractArticle } from "../extract/index.ts";
import type { Fetcher } from "../fetch/index.ts";
import type { ListKey, PageClaim, PageJob, Store } from "../store/index.ts";
import { applyArticle } from "./apply.ts";
import { feedWordsOf } from "./rule.ts";

/** Minutes after each failed attempt before the next (SPEC §2: about 1, 10 and 60); then the job is given up. */
export const RETRY_MINUTES = [1, 10, 60] as const;

/** How many due jobs one run reads at most (a run started again takes the next ones). */
export const JOBS_PER_RUN = 200;

/** What became of one job. */
export interface PageReport {
  itemId: string;
  url: string;
  /**
   * `stored`: the page's article is the item's content; `refused`: the page is refused as the article (a paywall,
   * a cookie wall, an error page, no web page, an article too large to store), the feed's content stays;
   * `retrying`: the fetch failed, tried again at `retryAt`;
   * `failed`: the last attempt failed, the feed's content stays; `dropped`: the item is gone or moved to another
   * link, or its source left the configuration.
   */
  outcome: "stored" | "refused" | "retrying" | "failed" | "dropped";
  reason?: string;
  retryAt?: string;
}

/** What `runPageJobs` needs. */
export interface PageRunDeps {
  config: Config;
  store: Store;
  /** The polling fetcher (its limits hold for pages and feeds together). */
  fetcher: Fetcher;
  now?: () => Date;
  /** Once aborted, no further job is claimed; those under way finish. */
  signal?: AbortSignal;
  /** Run only the jobs of these sources (a poll worker runs those of its own batch). */
  sources?: ReadonlySet<string>;
  /** Lists whose items got an article are added here as they are stored (for ETags and WebSub deliveries). */
  changed?: Set<ListKey>;
  /** Called as each job ends. */
  onPage?: (report: PageReport) => void;
}

/** What a run did: a report per job it claimed, and every list it changed. */
export interface PageRun {
  reports: PageReport[];
  changedLists: ListKey[];
}

/** The host a page's URL names (lower case), for its `perHost` slot; the URL itself when it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** How long a claim holds a job: a fetch within the timeout, the article's extraction and its write. */
const leaseMs = (config: Config) => config.poll.timeoutMs + 60_000;

/**
 * Runs the page jobs due now (at most `JOBS_PER_RUN`), claiming each first so processes sharing the store never
 * fetch one attempt twice. Storage failures of one job end that job's attempt (it is due again once its claim
 * lapses); reading the due jobs failing throws.
 * @throws StorageError (reading the due jobs)
 * @example const run = await runPageJobs({ config, store, fetcher }); await afterCycle(deps, run);
 */
export async function runPageJobs(deps: PageRunDeps): Promise<PageRun> {
  const now = deps.now ?? (() => new Date());
  const changed = new Set<ListKey>();
  const reports: PageReport[] = [];
  const jobs = await deps.store.pages.due(now(), JOBS_PER_RUN, deps.sources);
  // A job is claimed only once it holds a slot of its page's host (`perHost`) and one of `concurrency`, so a run
  // stopped at a deadline leaves every job it did not start unclaimed, due for the next process at once.
  const overall = pLimit(deps.config.poll.concurrency);
  const hosts = new Map<string, ReturnType<typeof pLimit>>();
  const hostSlot = (url: string) => {
    const host = hostOf(url);
    const limit = hosts.get(host) ?? pLimit(deps.config.poll.perHost);
    hosts.set(host, limit);
    return limit;
  };
  await Promise.all(
    jobs.map((job) =>
      hostSlot(job.url)(() =>
        overall(async () => {
          if (deps.signal?.aborted) return;
          let claim: PageClaim | null;
          try {
            claim = await deps.store.pages.claim(job, now(), leaseMs(deps.config));
          } catch {
            return; // storage: the job stays due for the next run
          }
          if (!claim) return;
          const report = await runClaimed(deps, claim, now, changed).catch(
            (error: Error): PageReport => ({
              itemId: job.itemId,
              url: job.url,
              outcome: "retrying",
              reason: error.message,
            }),
          );
          reports.push(report);
          deps.onPage?.(report);
        }),
      ),
    ),
  );
  // The lists' versions moved before each article's write; moved once more now, a list read in between is not kept
  // as current (`Lists.settle`). A failure leaves every article stored: only that read may stay cached, until the
  // list next changes.
  await deps.store.lists.settle(changed, now()).catch(() => undefined);
  return { reports, changedLists: [...changed] };
}

/** One claimed job: fetch, extract, judge, store, then settle the job. @throws StorageError */
async function runClaimed(deps: PageRunDeps, claim: PageClaim, now: () => Date, changed: Set<ListKey>) {
  const { job } = claim;
  const report = (outcome: PageReport["outcome"], reason?: string): PageReport => ({
    itemId: job.itemId,
    url: job.url,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  });
  const source = deps.config.sources.find((s) => s.id === job.sourceId);
  const item = source ? await deps.store.items.get(job.itemId) : null;
  if (!source || !item || item.url !== job.url) {
    await deps.store.pages.finish(claim);
    return report("dropped", !source ? "its source is no longer configured" : "the item is gone or moved");
  }
  let page: { html: string; url: string } | { html: null; reason: string };
  try {
    page = await fetchPage(deps.fetcher, source, job);
  } catch (error) {
    return failed(deps, claim, now(), (error as Error).message);
  }
  if (page.html === null) {
    await deps.store.pages.finish(claim);
    return report("refused", page.reason);
  }
  const found = extractArticle(page.html, page.url, {
    selector: job.selector ?? undefined,
    feedWords: feedWordsOf(item),
    feedSummary: item.summary ?? "",
  });
  if (!found.ok) {
    await deps.store.pages.finish(claim);
    return report("refused", found.reason.message);
  }
  try {
    const applied = await applyArticle(
      deps.store,
      deps.config,
      job.itemId,
      { url: job.url, contentHtml: found.contentHtml, imageUrl: found.imageUrl, feedWords: feedWordsOf(item) },
      now(),
      item,
    );
    for (const list of applied.changedLists) {
      changed.add(list);
      deps.changed?.add(list);
    }
    await deps.store.pages.finish(claim);
    return applied.outcome === "stored" ? report("stored") : report("dropped", `the item is ${applied.outcome}`);
  } catch (error) {
    if (!(error instanceof ItemTooLargeError)) throw error;
    await deps.store.pages.finish(claim);
    return report("refused", error.message);
  }
}

/**
 * Fetches the job's page as a web page, with the source's User-Agent and Accept-Language: its HTML and address
 * after redirects, or (html null) why a body that is no web page (a PDF, an image) has no article.
 * @throws FetchError
 */
async function fetchPage(
  fetcher: Fetcher,
  source: SourceConfig,
  job: PageJob,
): Promise<{ html: string; url: string } | { html: null; reason: string }> {
  const fetched = await fetcher.fetch({ url: job.url, wants: "page", headers: source.headers });
  if (fetched.status !== "ok") return { html: null, reason: `page: unexpected ${fetched.status}` };
  const type = fetched.contentType?.split(";")[0]?.trim().toLowerCase();
  if (type && type !== "text/html" && type !== "application/xhtml+xml") {
    return { html: null, reason: `not a web page: ${job.url} is ${type}` };
  }
  return { html: decodePage(fetched.body, fetched.contentType), url: fetched.finalUrl };
}

/** A failed attempt: due again after the next of `RETRY_MINUTES`, or given up after the last. */
async function failed(deps: PageRunDeps, claim: PageClaim, now: Date, reason: string): Promise<PageReport> {
  const { job } = claim;
  const wait = RETRY_MINUTES[job.attempts];
  if (wait === undefined) {
    await deps.store.pages.finish(claim);
    return { itemId: job.itemId, url: job.url, outcome: "failed", reason };
  }
  const retryAt = new Date(now.getTime() + wait * 60_000).toISOString();
  await deps.store.pages.retry(claim, retryAt);
  return { itemId: job.itemId, url: job.url, outcome: "retrying", reason, retryAt };
}
