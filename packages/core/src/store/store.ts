import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { StorageError, TributaryError } from "../errors.ts";
import type { Item } from "../item.ts";
import { batchGet } from "./batch.ts";
import { commitItemChange, type ItemChange, setRowFor } from "./commit.ts";
import { getItem, type MergeRead, markFirstSeen, putItemIf, readItems } from "./items.ts";
import { DUE, sourceKey } from "./keys.ts";
import { deleteRows, expiredRowKeys, type ListRow, putRows, rowsOf } from "./list-rows.ts";
import { getListMeta, getListMetas, touchList } from "./list-versions.ts";
import { type ListQuery, type PageOptions, queryList } from "./lists.ts";
import { getMarker, setMarker } from "./markers.ts";
import type { ListKey, ListMeta, SourceState, StoredItem } from "./records.ts";
import { sourceRecord } from "./rows.ts";
import { TABLE_KEYS } from "./table.ts";

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

  /** States of sources by id. */
  getSourceStates(ids: string[]): Promise<Map<string, SourceState>> {
    return this.guard("get source states", async () => {
      const rows = await batchGet(this.doc, this.table, ids.map(sourceKey));
      return new Map(rows.map((row) => [row.id as string, row as unknown as SourceState]));
    });
  }

  /** Saves a source's state; gone sources leave the due index. */
  saveSourceState(state: SourceState): Promise<void> {
    return this.guard("save source state", async () => {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: sourceRecord(state) }));
    });
  }

  /**
   * Saves a fresh state unless the source already has one for the same URL (another poll saved it since it
   * was read); false then, and the caller reads it again.
   */
  startSourceState(state: SourceState): Promise<boolean> {
    return this.guard("save source state", async () => {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: sourceRecord(state),
            ConditionExpression: "attribute_not_exists(pk) OR #url <> :url",
            ExpressionAttributeNames: { "#url": "url" },
            ExpressionAttributeValues: { ":url": state.url },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    });
  }

  /** A named marker (e.g. the fingerprint of the configured sources), or null. */
  getMarker(name: string): Promise<string | null> {
    return this.guard("get marker", () => getMarker(this, name));
  }

  /** Sets a named marker. */
  setMarker(name: string, value: string): Promise<void> {
    return this.guard("set marker", () => setMarker(this, name, value));
  }

  /** Ids of sources whose next fetch time has come (the due index; gone sources are not in it). */
  dueSourceIds(now: Date): Promise<string[]> {
    return this.guard("query due sources", async () => {
      const due = TABLE_KEYS.indexes.due;
      const out: string[] = [];
      let lastKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: due.name,
            KeyConditionExpression: "#p = :due AND #s <= :now",
            ExpressionAttributeNames: { "#p": due.partitionKey, "#s": due.sortKey },
            ExpressionAttributeValues: { ":due": DUE, ":now": now.toISOString() },
            ExclusiveStartKey: lastKey,
          }),
        );
        for (const row of page.Items ?? []) out.push(String(row.pk).slice(2));
        lastKey = page.LastEvaluatedKey;
      } while (lastKey);
      return out;
    });
  }
}
