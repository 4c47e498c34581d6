/**
 * Online grouping of new items into stories: each item, when first stored, reads the postings of its lookup terms
 * and the summaries of its best candidates, joins the story it is most like or starts its own, and writes that.
 */
import { TributaryError } from "../errors.ts";
import { candidatesOf, changeOf, decide } from "./decide.ts";
import { type ItemFeatures, itemFeatures, type StoryInput } from "./features.ts";
import { STORY_DEFAULTS, type StoryOptions } from "./options.ts";
import { lookupsOf } from "./postings.ts";
import { StoryConflictError, type StoryIndex } from "./story-index.ts";

/** How often one item is decided again after conflicting writes before grouping gives up. */
const MAX_ATTEMPTS = 8;

/** Where one item went. */
export interface Placement {
  item: string;
  story: string;
  /** Whether the item started the story. */
  first: boolean;
}

/**
 * The order in which a batch's new items are grouped: by `publishedAt`, then by id, so that the result never
 * depends on the order they were fetched in. Returns a new array.
 */
export function groupingOrder<T extends { id: string; publishedAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const at = Date.parse(a.publishedAt) - Date.parse(b.publishedAt);
    return at !== 0 ? at : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * An item's features, checked.
 * @throws TributaryError (stage `stories`) when `publishedAt` is not a date or `id` is empty.
 */
export function featuresOf(item: StoryInput, options: StoryOptions = STORY_DEFAULTS): ItemFeatures {
  if (!item.id) throw new TributaryError("stories", "an item without id cannot join a story");
  const features = itemFeatures(item, options);
  if (!Number.isFinite(features.publishedAt)) {
    throw new TributaryError("stories", `item ${item.id}: publishedAt "${item.publishedAt}" is not a date`);
  }
  return features;
}

/**
 * Groups one new item: reads its postings and candidates' summaries from `index`, decides, commits; after a
 * conflict reads again (consistently) and decides again.
 * @throws StoryConflictError after `MAX_ATTEMPTS` conflicts in a row; whatever `index` throws.
 */
export async function groupItem(
  index: StoryIndex,
  item: ItemFeatures,
  options: StoryOptions = STORY_DEFAULTS,
): Promise<Placement> {
  for (let attempt = 0; ; attempt++) {
    const consistent = attempt > 0;
    const postings = await index.postings(lookupsOf(item), consistent);
    const wanted = candidatesOf(item, postings, options);
    const summaries = wanted.length ? await index.summaries(wanted, consistent) : [];
    // Started by this very item in an earlier run that stopped before the item was written: nothing to do.
    if (summaries.some((summary) => summary.id === item.id)) return { item: item.id, story: item.id, first: true };
    const decision = decide(item, summaries, options);
    const change = changeOf(item, decision, postings, options);
    try {
      await index.commit(change);
      return { item: item.id, story: change.summary.id, first: decision.kind === "new" };
    } catch (error) {
      if (!(error instanceof StoryConflictError) || attempt + 1 >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Groups a batch of new items (one poll cycle's), in `groupingOrder`, one after the other.
 * @throws TributaryError for an item without a usable date or id (nothing of the batch is written then);
 *   StoryConflictError or storage errors from `groupItem` (items before it stay grouped).
 * @example const placements = await groupItems(new MemoryStoryIndex(), items);
 */
export async function groupItems(
  index: StoryIndex,
  items: readonly StoryInput[],
  options: StoryOptions = STORY_DEFAULTS,
): Promise<Placement[]> {
  const checked = items.map((item) => ({ item, features: featuresOf(item, options) }));
  const out: Placement[] = [];
  for (const { features } of groupingOrder(checked.map(({ item, features }) => ({ ...item, features })))) {
    out.push(await groupItem(index, features, options));
  }
  return out;
}
