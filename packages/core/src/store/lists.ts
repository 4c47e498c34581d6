/**
 * `store.lists`: a topic's or a source's list — its rows (`L#<list>`), its pages, and its version record
 * (`M#<list>`: a counter and a change time, for ETag and Last-Modified, and a topic's fingerprint).
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Article } from "../item.ts";
import { listPartition, listVersionKey } from "./keys.ts";
import type { Row, TableKit } from "./kit.ts";
import { type ListPage, type ListQuery, type PageOptions, queryList } from "./list-pages.ts";
import { deleteRowIf, expiredRowKeys, type ListRow, listRow, putRowIf, rowsOf } from "./list-rows.ts";
import type { ListKey, ListMeta, SourceState, StoredItem } from "./records.ts";

/** What a row says of the write that made it (`Lists.rowsAt`). */
export interface WrittenRow {
  rev: number;
  search: string;
  story: string | undefined;
  card: boolean;
}

/** Lists, their rows and versions: every method's storage failure is a StorageError. */
export class Lists {
  constructor(private readonly kit: TableKit) {}

  /**
   * A page of a list, newest first, never showing expired rows nor rows whose item is gone, uncommitted, moved
   * or out of the list (`options.belongs`). @throws InvalidCursorError, StorageError
   */
  page(
    list: ListKey,
    query: ListQuery,
    options?: PageOptions,
  ): Promise<ListPage & { sourceStates?: Map<string, SourceState> }> {
    return this.kit.guard("query list", () => queryList(this.kit, list, query, options));
  }

  /** Every row of a list published since `cutoff` (or all), oldest first, for rebuilding topics. @throws StorageError */
  rows(list: ListKey, cutoff = ""): Promise<ListRow[]> {
    return this.kit.guard("read list", () => rowsOf(this.kit, list, cutoff));
  }

  /** Sort keys of rows published before `cutoff`: expired, to be removed (`deleteRows`). @throws StorageError */
  expiredRows(list: ListKey, cutoff: string): Promise<string[]> {
    return this.kit.guard("read expired rows", () => expiredRowKeys(this.kit, list, cutoff));
  }

  /**
   * The rows at these places that exist (one consistent BatchGetItem per 100), by `<list> <sk>`: the `rev` of the
   * item write that wrote each, its search text, the story it names and whether it marks its story's card (`card`).
   * @throws StorageError
   */
  rowsAt(places: readonly { list: ListKey; sk: string }[]): Promise<Map<string, WrittenRow>> {
    return this.kit.guard("get list rows", async () => {
      if (places.length === 0) return new Map();
      const records = await this.kit.batchGet(places.map(({ list, sk }) => ({ pk: listPartition(list), sk })));
      return new Map(
        records.map((record) => [
          `${String(record.pk).slice(2)} ${String(record.sk)}`,
          {
            rev: Number(record.rev ?? 0),
            search: String(record.search ?? ""),
            story: record.story as string | undefined,
            card: record.card === true,
          },
        ]),
      );
    });
  }

  /**
   * Puts (`present`) or deletes the row at `row.sk` of item `row.id` in a list as the item read decides (its
   * `rev`; null: none stored); false when a newer change of the item wrote that row meanwhile (its writer
   * decides it); `storyCard` marks a story entry's row whose story has a card. @throws StorageError
   */
  setRow(
    list: ListKey,
    row: { id: string; sk: string },
    item: StoredItem | null,
    present: boolean,
    options: { storyCard?: boolean } = {},
  ): Promise<boolean> {
    return this.kit.guard("write list row", () =>
      present && item
        ? putRowIf(this.kit, list, { ...item, storyCard: options.storyCard })
        : deleteRowIf(this.kit, list, row.sk, item?.rev ?? 0),
    );
  }

  /** Puts (or refreshes) rows of items in a list, unconditionally (BatchWriteItem; fixtures and tools). @throws StorageError */
  putRows(list: ListKey, items: (Article & { rev?: number; story?: string })[]): Promise<void> {
    return this.kit.guard("write list rows", () =>
      this.kit.batchWrite(items.map((item) => ({ PutRequest: { Item: listRow(list, item, this.kit.retentionDays) } }))),
    );
  }

  /** Deletes rows of a list by sort key (BatchWriteItem, 25 a request). @throws StorageError */
  deleteRows(list: ListKey, sortKeys: string[]): Promise<void> {
    return this.kit.guard("delete list rows", () =>
      this.kit.batchWrite(sortKeys.map((sk) => ({ DeleteRequest: { Key: { pk: listPartition(list), sk } } }))),
    );
  }

  /** The version record of one list (one GetItem), or null before its first change. @throws StorageError */
  version(list: ListKey): Promise<ListMeta | null> {
    return this.kit.guard("get list version", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: listVersionKey(list) }),
      );
      return (record as ListMeta | undefined) ?? null;
    });
  }

  /** Version records of lists (BatchGetItem, 100 a request); lists never changed are absent. @throws StorageError */
  versions(lists: ListKey[]): Promise<Map<ListKey, ListMeta>> {
    return this.kit.guard("get list versions", async () => {
      const records = await this.kit.batchGet(lists.map(listVersionKey));
      return new Map(records.map((record) => [record.key as ListKey, record as unknown as ListMeta]));
    });
  }

  /**
   * Moves the versions of `lists` once more when the writes of a unit of work (a poll cycle, a run of page jobs) are
   * all done, one UpdateItem each (`touch`), all at once. A version moves before the writes it announces, so that a
   * process stopping half-way still leaves a new version for what it wrote; a reader between the move and the last
   * write renders the list part-way under that version, and this second move gives what it read a version of its own,
   * so no cache keeps it as current (SPEC §4 Caching: the ETag changes when the content changes).
   * @throws StorageError (the first failure, once every move has settled)
   */
  async settle(lists: Iterable<ListKey>, now: Date): Promise<void> {
    const moves = await Promise.allSettled([...new Set(lists)].map((list) => this.touch(list, now)));
    const failed = moves.find((move) => move.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /**
   * Marks a list changed (one UpdateItem): `ADD version 1`, `modifiedAt = now`; with `fingerprint`, records the
   * fingerprint of the rules the list was built by. @throws StorageError
   */
  touch(list: ListKey, now: Date, fingerprint?: string): Promise<void> {
    const sets = ["#key = :key", "modifiedAt = :now"];
    const values: Row = { ":key": list, ":now": now.toISOString(), ":one": 1 };
    if (fingerprint !== undefined) {
      sets.push("fingerprint = :fp");
      values[":fp"] = fingerprint;
    }
    return this.kit.guard("touch list", async () => {
      await this.kit.send(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: listVersionKey(list),
          UpdateExpression: `SET ${sets.join(", ")} ADD version :one`,
          ExpressionAttributeNames: { "#key": "key" },
          ExpressionAttributeValues: values,
        }),
      );
    });
  }
}
