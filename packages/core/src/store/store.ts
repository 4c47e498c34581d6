import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StorageError, TributaryError } from "../errors.ts";
import type { Item } from "../item.ts";
import { commitItemChange, type ItemChange, setRowFor } from "./commit.ts";
import { getItem, type MergeRead, markFirstSeen, putItemIf, readItems } from "./items.ts";
import { deleteRows, expiredRowKeys, type ListRow, putRows, rowsOf } from "./list-rows.ts";
import { getListMeta, getListMetas, touchList } from "./list-versions.ts";
import { type ListQuery, type PageOptions, queryList } from "./lists.ts";
import { getMarker, setMarker } from "./markers.ts";
import type { ListKey, ListMeta, SourceState, StoredItem } from "./records.ts";
import * as sources from "./sources.ts";

function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/** Every read and write of Tributary's one DynamoDB table. Failures surface as StorageError. */
export class Store {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly client: DynamoDBClient,
    readonly table: string,
    readonly retentionDays: number,
  ) {}

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TributaryError || isConditionFailure(error)) throw error;
      throw new StorageError(`${what} failed: ${(error as Error).message || (error as Error).name}`, { cause: error });
    }
  }

  /** Checks that the table answers. */
  ping(): Promise<void> {
    return this.guard("ping", async () => {
      await this.client.send(new DescribeTableCommand({ TableName: this.table }));
    });
  }

  /** One stored item, or null (one consistent GetItem). */
  getItem(id: string): Promise<StoredItem | null> {
    return this.guard("get item", () => getItem(this, id));
  }

  /** Stored items by id (consistent BatchGetItem, 100 a request). */
  getItems(ids: string[]): Promise<Map<string, StoredItem>> {
    return this.guard("get items", async () => (await readItems(this, ids)).items);
  }

  /** What the merge reads before planning: the items of `ids` and the first-seen marks of the `undated` ones. */
  readForMerge(ids: string[], undated: string[]): Promise<MergeRead> {
    return this.guard("get items", () => readItems(this, ids, undated));
  }

  /** Marks when an undated article was first seen unless it is marked; false when another poll marked it first. */
  markFirstSeen(id: string, firstSeenAt: string): Promise<boolean> {
    return this.guard("mark first seen", () => markFirstSeen(this, id, firstSeenAt));
  }

  /** Writes a new item unless it exists; false when another writer created it first. */
  createItem(item: StoredItem): Promise<boolean> {
    return this.guard("create item", () => putItemIf(this, item, null));
  }

  /** Replaces an item if its stored `rev` is still `expectedRev`; false when another writer got there first. */
  replaceItem(item: StoredItem, expectedRev: number): Promise<boolean> {
    return this.guard("update item", () => putItemIf(this, item, expectedRev));
  }

  /**
   * Writes an item change: rows, then the item conditional on its `rev` (or its absence), then deletes the rows
   * of lists it left (`commitItemChange`). False when another writer got there first.
   */
  commitItem(change: ItemChange): Promise<boolean> {
    return this.guard("commit item", () => commitItemChange(this, change));
  }

  /**
   * Puts (`present`) or deletes the row at `row.sk` of item `row.id` in a list as the item read decides (its
   * `rev`; null: none stored); false when a newer change of the item wrote that row meanwhile.
   */
  setRowIf(list: ListKey, row: { id: string; sk: string }, item: StoredItem | null, present: boolean) {
    return this.guard("write list row", () => setRowFor(this, list, row, item, present));
  }

  /** Puts (or refreshes) rows of items in a list, unconditionally (fixtures and tools). */
  putRows(list: ListKey, items: (Item & { rev?: number })[]): Promise<void> {
    return this.guard("write list rows", () => putRows(this, list, items));
  }

  /** Deletes rows of a list by sort key. */
  deleteRows(list: ListKey, sortKeys: string[]): Promise<void> {
    return this.guard("delete list rows", () => deleteRows(this, list, sortKeys));
  }

  /**
   * A page of a list, newest first, never showing expired rows nor rows whose item is gone, uncommitted, moved
   * or out of the list (`options.belongs`). @throws InvalidCursorError, StorageError
   */
  queryList(list: ListKey, query: ListQuery, options?: PageOptions) {
    return this.guard("query list", () => queryList(this, list, query, options));
  }

  /** Every row of a list published since `cutoff` (or all), oldest first, for rebuilding topics. */
  allRows(list: ListKey, cutoff = ""): Promise<ListRow[]> {
    return this.guard("read list", () => rowsOf(this, list, cutoff));
  }

  /** Sort keys of rows published before `cutoff`: expired, to be removed. */
  expiredRowKeys(list: ListKey, cutoff: string): Promise<string[]> {
    return this.guard("read expired rows", () => expiredRowKeys(this, list, cutoff));
  }

  /** Version records of lists. */
  getListMetas(keys: ListKey[]): Promise<Map<ListKey, ListMeta>> {
    return this.guard("get list versions", () => getListMetas(this, keys));
  }

  /** The version record of one list, or null. */
  getListMeta(key: ListKey): Promise<ListMeta | null> {
    return this.guard("get list version", () => getListMeta(this, key));
  }

  /** Marks a list changed: its version moves and `modifiedAt` becomes `now`; optionally records its fingerprint. */
  touchList(key: ListKey, now: Date, fingerprint?: string): Promise<void> {
    return this.guard("touch list", () => touchList(this, key, now, fingerprint));
  }

  /** States of sources by id: eventually consistent (half the read units) unless `consistent`. */
  getSourceStates(ids: string[], consistent = false): Promise<Map<string, SourceState>> {
    return this.guard("get source states", () => sources.readStates(this, ids, consistent));
  }

  /**
   * States of sources as of their latest poll, for health: a healthy source polled since its state was written
   * (a poll record says so) shows that poll's time. One BatchGet and, when a source is healthy, one Query.
   */
  getCurrentSourceStates(
    ids: string[],
    poll: { everyMinutes: number },
    now = new Date(),
  ): Promise<Map<string, SourceState>> {
    return this.guard("get source states", () => sources.currentStates(this, ids, poll.everyMinutes, now));
  }

  /** Saves a source's state; only held-back sources (failing, gone) are in the held index. */
  saveSourceState(state: SourceState): Promise<void> {
    return this.guard("save source state", () => sources.writeState(this, state));
  }

  /**
   * Saves a fresh state unless the source already has one for the same URL (another poll saved it since it
   * was read); false then, and the caller reads it again.
   */
  startSourceState(state: SourceState): Promise<boolean> {
    return this.guard("save source state", () => sources.startState(this, state));
  }

  /** Rewrites states of an older index layout among `ids`; how many were written. */
  migrateSourceStates(ids: string[]): Promise<number> {
    return this.guard("migrate source states", () => sources.migrateStates(this, ids));
  }

  /**
   * Records the healthy sources a cycle (or worker batch) polled: id → fetch time (ISO); `at`: when the cycle
   * was scheduled. One PutItem; none when `polled` is empty.
   */
  recordPolls(polled: Map<string, string>, at: Date, now: Date): Promise<void> {
    return this.guard("record polls", () => sources.writePollRecord(this, polled, at, now));
  }

  /** Ids of the sources polled healthy by a cycle scheduled after `since` (the poll records; one Query). */
  polledSince(since: Date): Promise<Set<string>> {
    return this.guard("read poll records", () => sources.polledSince(this, since.toISOString()));
  }

  /** A named marker (e.g. the fingerprint of the configured sources), or null. */
  getMarker(name: string): Promise<string | null> {
    return this.guard("get marker", () => getMarker(this, name));
  }

  /** Sets a named marker. */
  setMarker(name: string, value: string): Promise<void> {
    return this.guard("set marker", () => setMarker(this, name, value));
  }

  /**
   * The ids of the held-back sources (failing or gone), whatever the configuration says: one Query of the
   * keys-only sparse held index, whose size follows their number.
   */
  heldSourceIds(): Promise<string[]> {
    return this.guard("query held sources", async () => [...(await sources.heldSources(this)).keys()]);
  }

  /**
   * Of the configured sources `ids`, those due now: a held-back one (failing, gone) once its next fetch time
   * has come (never when gone), a healthy one unless a cycle scheduled within the last `everyMinutes` polled
   * it. Two Queries: the sparse held index and the last interval's poll records.
   */
  dueSourceIds(ids: string[], now: Date, everyMinutes: number): Promise<string[]> {
    return this.guard("query due sources", async () => {
      const since = new Date(now.getTime() - everyMinutes * 60_000).toISOString();
      const [held, recent] = await Promise.all([sources.heldSources(this), sources.polledSince(this, since)]);
      const at = now.toISOString();
      return ids.filter((id) => {
        const next = held.get(id);
        return next !== undefined ? next <= at : !recent.has(id);
      });
    });
  }
}
