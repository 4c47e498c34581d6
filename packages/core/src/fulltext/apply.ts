/**
 * Storing a page's article in its item (SPEC §2 Full text): it becomes `contentHtml` with `contentSource: "page"`;
 * not an edit, so `updatedAt` stays, but every list the item sits in changes (its version moves: ETag,
 * Last-Modified, WebSub deliveries), and a topic that matches terms in `content` judges the item again — its rows
 * and, in a story-grouped topic, its story's entry follow it in or out as they do an edit's (`followChange`).
 */
import type { Config } from "../config/index.ts";
import { followChange, followStored } from "../poll/entries.ts";
import { type ListKey, type Store, type StoredItem, searchText } from "../store/index.ts";
import { membership } from "../topics/index.ts";

/** The article a page gave. */
export interface PageArticle {
  /** The item's link the page was fetched for: an item that has moved to another link since is left alone. */
  url: string;
  contentHtml: string;
  /** The page's image: the item's when it has none of its own. */
  imageUrl: string | null;
  /** Words of the feed's own text, kept with the article (`StoredItem.feedWords`). */
  feedWords: number;
}

/** What storing an article came to: `stored` with the lists it changed, or why not. */
export type Applied =
  | { outcome: "stored"; changedLists: ListKey[] }
  | { outcome: "gone" | "relinked"; changedLists: [] };

/** Attempts at the item's conditional write before giving up (each lost one re-reads the item). */
const MAX_ROUNDS = 5;

/** The item with the page's article in place of the feed's content; `rev` moved, `updatedAt` kept. */
export function withArticle(item: StoredItem, article: PageArticle): StoredItem {
  return {
    ...item,
    contentHtml: article.contentHtml,
    contentSource: "page",
    feedWords: article.feedWords,
    imageUrl: item.imageUrl ?? article.imageUrl,
    rev: item.rev + 1,
  };
}

/**
 * Writes the page's article into item `itemId` (conditional on its `rev`, re-read after a lost race), touching
 * the version of every list it sits in before and after, and writing its rows in the lists it enters (a topic whose
 * terms match the article's text) and deleting them from those it leaves. Then its story's grouped entries follow
 * (`followChange`, the rule an edit's poll keeps them by): in a story-grouped topic it entered it becomes the
 * story's entry where the story has none; where it was the entry of one it left, the entry passes to the story's
 * next earliest-stored item there, or the story leaves it. An item that already held this article (an attempt
 * that failed after its commit, tried again) has its entries brought in line again (`followStored`). Cost: the item
 * (about 1 write unit a KB, its content compressed), one write unit per list version, one per row entered or left;
 * when a grouped topic is entered or left, a GetItem of the story's card and its entry rows' writes.
 * `read` is the item as just read (consistently), to spare reading it again.
 * @returns `stored` and the lists changed; `gone` when the item is no longer stored; `relinked` when its link moved.
 * @throws StorageError, ItemTooLargeError (nothing written)
 */
export async function applyArticle(
  store: Store,
  config: Config,
  itemId: string,
  article: PageArticle,
  now: Date,
  read?: StoredItem,
): Promise<Applied> {
  const rule = membership(config);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const item = round === 0 && read ? read : await store.items.get(itemId);
    if (!item || item.pending) return { outcome: "gone", changedLists: [] };
    if (item.url !== article.url) return { outcome: "relinked", changedLists: [] };
    const next = withArticle(item, article);
    const before = rule.listsOf(item);
    const after = rule.listsOf(next);
    const lists = [...new Set([...before, ...after])];
    await Promise.all(lists.map((list) => store.lists.touch(list, now)));
    const rewrite = searchText(next) !== searchText(item);
    const change = {
      put: rewrite ? after : after.filter((list) => !before.includes(list)),
      remove: before.filter((list) => !after.includes(list)),
    };
    if (!(await store.items.commit({ item: next, expectedRev: item.rev, ...change }))) continue;
    if (item.contentSource === "page" && item.contentHtml === next.contentHtml) {
      // Tried again: a topic the first attempt took the item out of is no longer among `lists`; its version moves
      // again now that its entry has passed on, so a page read in between is not kept under the same tag.
      const followed = (await followStored(store, config, next)).filter((list) => !lists.includes(list));
      await Promise.all(followed.map((list) => store.lists.touch(list, now)));
      return { outcome: "stored", changedLists: [...lists, ...followed] };
    }
    // The topics whose entries these write are among `lists` (the item was or is in them): already touched.
    await followChange(store, config, next, change);
    return { outcome: "stored", changedLists: lists };
  }
  throw new Error(`full text: item ${itemId} still changing after ${MAX_ROUNDS} attempts`);
}
