import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { StorageError, TributaryError } from "../errors.ts";
import type { Item } from "../item.ts";
import { batchGet, batchWrite } from "./batch.ts";
import { commitItemChange, type ItemChange, setRowIf, type TransactTarget } from "./commit.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { itemKey, listMetaKey, listPartition, markerKey, rowSortKey } from "./keys.ts";
import { type ListKey, type ListMeta, type SourceState, type StoredItem, toItem } from "./records.ts";
import { itemRecord, listRow } from "./rows.ts";
import * as sources from "./sources.ts";

/** A page of a list. */
export interface ListPage {
  items: Item[];
  nextCursor: string | null;
}

/** What to read of a list. */
export interface ListQuery {
  limit: number;
  cursor?: string | null;
  /** ISO; only items published strictly after. */
  since?: string | null;
  /** Lower-cased substring of title or summary; looks through at most `searchDepth` rows. */
  q?: string | null;
  /** Keep only items whose title or summary contains one of these substrings (case-insensitive). */
  include?: string[];
  /** Drop items whose title or summary contains any of these substrings (case-insensitive). */
  exclude?: string[];
  /** ISO; rows published before are expired and never shown. */
  cutoff: string;
}

const SEARCH_DEPTH = 1000;

/**
 * The one FilterExpression of `q`, `include` and `exclude` on the lower-cased `search` attribute:
 * `q` AND (any include) AND NOT any exclude; null when nothing filters.
 */
function searchFilter(query: ListQuery): { expression: string; values: Record<string, string> } | null {
  const parts: string[] = [];
  const values: Record<string, string> = {};
  if (query.q) {
    parts.push("contains(#search, :q)");
    values[":q"] = query.q.toLowerCase();
  }
  const include = query.include ?? [];
  if (include.length > 0) {
    const any = include.map((term, n) => {
      values[`:f${n}`] = term.toLowerCase();
      return `contains(#search, :f${n})`;
    });
    parts.push(`(${any.join(" OR ")})`);
  }
  (query.exclude ?? []).forEach((term, n) => {
    values[`:x${n}`] = term.toLowerCase();
    parts.push(`NOT contains(#search, :x${n})`);
  });
  return parts.length > 0 ? { expression: parts.join(" AND "), values } : null;
}

function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/** Every read and write of Tributary's one DynamoDB table. Failures surface as StorageError. */
export class Store {
  /** Where transactional writes go; `transactions` turns false the first time the engine has none (dynalite). */
  private readonly target: TransactTarget;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly client: DynamoDBClient,
    readonly table: string,
    readonly retentionDays: number,
  ) {
    this.target = { doc, table, retentionDays, transactions: true };
  }

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

  /** One stored item, or null. */
  getItem(id: string): Promise<StoredItem | null> {
    return this.guard("get item", async () => {
      const { Item: row } = await this.doc.send(new GetCommand({ TableName: this.table, Key: itemKey(id) }));
      return (row as StoredItem | undefined) ?? null;
    });
  }

  /** Stored items by id (consistent reads). */
  getItems(ids: string[]): Promise<Map<string, StoredItem>> {
    return this.guard("get items", async () => {
      const rows = await batchGet(this.doc, this.table, [...new Set(ids)].map(itemKey));
      return new Map(rows.map((row) => [(row as unknown as StoredItem).id, row as unknown as StoredItem]));
    });
  }

  /** Puts an item row under a condition; false when the condition does not hold (another writer was first). */
  private putItemIf(what: string, item: StoredItem, condition: Omit<PutCommandInput, "TableName" | "Item">) {
    return this.guard(what, async () => {
      try {
        await this.doc.send(
          new PutCommand({ TableName: this.table, Item: itemRecord(item, this.retentionDays), ...condition }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    });
  }

  /** Writes a new item unless it exists; false when another writer created it first. */
  createItem(item: StoredItem): Promise<boolean> {
    return this.putItemIf("create item", item, { ConditionExpression: "attribute_not_exists(pk)" });
  }

  /** Replaces an item if its stored `rev` is still `expectedRev`; false when another writer got there first. */
  replaceItem(item: StoredItem, expectedRev: number): Promise<boolean> {
    return this.putItemIf("update item", item, {
      ConditionExpression: "#rev = :rev",
      ExpressionAttributeNames: { "#rev": "rev" },
      ExpressionAttributeValues: { ":rev": expectedRev },
    });
  }

  /**
   * Writes an item and its list rows as one transaction, conditional on the stored item's `rev` (or its
   * absence): all or nothing, so rows always hold a committed item. False when another writer got there first.
   */
  commitItem(change: ItemChange): Promise<boolean> {
    return this.guard("commit item", () => commitItemChange(this.target, change, this));
  }

  /**
   * Puts (`present`) or deletes the row at `row.sk` of item `row.id` in a list, only while the stored item is
   * still `item` (its `rev`; null: none stored). False when the item changed meanwhile.
   */
  setRowIf(
    list: ListKey,
    row: { id: string; sk: string },
    item: StoredItem | null,
    present: boolean,
  ): Promise<boolean> {
    return this.guard("write list row", () => setRowIf(this.target, list, row, item, present));
  }

  /** Puts (or refreshes) rows of items in a list. */
  putRows(list: ListKey, items: Item[]): Promise<void> {
    return this.guard("write list rows", () =>
      batchWrite(
        this.doc,
        this.table,
        items.map((item) => ({ PutRequest: { Item: listRow(list, item, this.retentionDays) } })),
      ),
    );
  }

  /** Deletes rows of a list by sort key. */
  deleteRows(list: ListKey, sortKeys: string[]): Promise<void> {
    return this.guard("delete list rows", () =>
      batchWrite(
        this.doc,
        this.table,
        sortKeys.map((sk) => ({ DeleteRequest: { Key: { pk: listPartition(list), sk } } })),
      ),
    );
  }

  /** A page of a list, newest first, never showing expired rows. */
  queryList(list: ListKey, query: ListQuery): Promise<ListPage> {
    return this.guard("query list", async () => {
      const upper = query.cursor ? decodeCursor(list, query.cursor) : "9999";
      const since = query.since ? `${query.since}#~` : "";
      const lower = [since, query.cutoff, "0"].reduce((a, b) => (a > b ? a : b));
      // `since` at or after the cursor (or far in the future) leaves nothing between the bounds; DynamoDB
      // refuses a BETWEEN whose lower bound is above its upper one.
      if (lower > upper) return { items: [], nextCursor: null };
      const search = searchFilter(query);
      const items: Item[] = [];
      let lastKey: Record<string, unknown> | undefined;
      let examined = 0;
      let more = false;
      do {
        const input: QueryCommandInput = {
          TableName: this.table,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
          ExpressionAttributeValues: { ":pk": listPartition(list), ":lo": lower, ":hi": upper },
          ScanIndexForward: false,
          ExclusiveStartKey: lastKey,
          ProjectionExpression: "sk, #item",
          ExpressionAttributeNames: { "#item": "item" },
        };
        if (search) {
          input.Limit = Math.min(SEARCH_DEPTH - examined, 250);
          input.FilterExpression = search.expression;
          input.ExpressionAttributeNames = { "#item": "item", "#search": "search" };
          input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ...search.values };
        } else {
          input.Limit = query.limit + 2 - items.length;
        }
        const page = await this.doc.send(new QueryCommand(input));
        examined += page.ScannedCount ?? 0;
        for (const row of page.Items ?? []) {
          if (row.sk === upper) continue;
          if (items.length === query.limit) {
            more = true;
            break;
          }
          items.push(row.item as Item);
        }
        lastKey = page.LastEvaluatedKey;
      } while (!more && lastKey && items.length <= query.limit && (!search || examined < SEARCH_DEPTH));
      if (!more && lastKey && items.length === query.limit && !search) more = true;
      const last = items[items.length - 1];
      const nextCursor = more && last ? encodeCursor(list, rowSortKey(last.publishedAt, last.id)) : null;
      return { items: items.map(toItem), nextCursor };
    });
  }

  /** Every row of a list published since `cutoff` (or all), for rebuilding topics. */
  allRows(list: ListKey, cutoff = ""): Promise<{ sk: string; item: Item }[]> {
    return this.guard("read list", async () => {
      const out: { sk: string; item: Item }[] = [];
      let lastKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: "pk = :pk AND sk >= :lo",
            ExpressionAttributeValues: { ":pk": listPartition(list), ":lo": cutoff || "0" },
            ExclusiveStartKey: lastKey,
            ProjectionExpression: "sk, #item",
            ExpressionAttributeNames: { "#item": "item" },
          }),
        );
        for (const row of page.Items ?? []) out.push({ sk: row.sk as string, item: row.item as Item });
        lastKey = page.LastEvaluatedKey;
      } while (lastKey);
      return out;
    });
  }

  /** Sort keys of rows published before `cutoff`: expired, to be removed. */
  expiredRowKeys(list: ListKey, cutoff: string): Promise<string[]> {
    return this.guard("read expired rows", async () => {
      const out: string[] = [];
      let lastKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: "pk = :pk AND sk < :cutoff",
            ExpressionAttributeValues: { ":pk": listPartition(list), ":cutoff": cutoff },
            ProjectionExpression: "sk",
            ExclusiveStartKey: lastKey,
          }),
        );
        for (const row of page.Items ?? []) out.push(row.sk as string);
        lastKey = page.LastEvaluatedKey;
      } while (lastKey);
      return out;
    });
  }

  /** Meta rows of lists. */
  getListMetas(keys: ListKey[]): Promise<Map<ListKey, ListMeta>> {
    return this.guard("get list versions", async () => {
      const rows = await batchGet(this.doc, this.table, keys.map(listMetaKey));
      return new Map(rows.map((row) => [row.key as ListKey, row as unknown as ListMeta]));
    });
  }

  /** The meta row of one list, or null. */
  getListMeta(key: ListKey): Promise<ListMeta | null> {
    return this.guard("get list version", async () => {
      const { Item: row } = await this.doc.send(new GetCommand({ TableName: this.table, Key: listMetaKey(key) }));
      return (row as ListMeta | undefined) ?? null;
    });
  }

  /** Marks a list changed: its version moves and `modifiedAt` becomes `now`; optionally records its fingerprint. */
  touchList(key: ListKey, now: Date, fingerprint?: string): Promise<void> {
    return this.guard("touch list", async () => {
      const sets = ["#key = :key", "modifiedAt = :now"];
      const values: Record<string, unknown> = { ":key": key, ":now": now.toISOString(), ":one": 1 };
      if (fingerprint !== undefined) {
        sets.push("fingerprint = :fp");
        values[":fp"] = fingerprint;
      }
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: listMetaKey(key),
          UpdateExpression: `SET ${sets.join(", ")} ADD version :one`,
          ExpressionAttributeNames: { "#key": "key" },
          ExpressionAttributeValues: values,
        }),
      );
    });
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
    return this.guard("get marker", async () => {
      const { Item: row } = await this.doc.send(new GetCommand({ TableName: this.table, Key: markerKey(name) }));
      return typeof row?.value === "string" ? row.value : null;
    });
  }

  /** Sets a named marker. */
  setMarker(name: string, value: string): Promise<void> {
    return this.guard("set marker", async () => {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...markerKey(name), value } }));
    });
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
