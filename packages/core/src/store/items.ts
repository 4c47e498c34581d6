/** `store.items`: the stored articles (the truth every list row points to) and the first-seen marks of undated ones. */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { commitItemChange, type ItemChange, putItemIf } from "./commit.ts";
import { fromItemRecord } from "./item-record.ts";
import { decodeKey, firstSeenKey, itemKey } from "./keys.ts";
import { DAY_S, expiresAt, type Row, type TableKit } from "./kit.ts";
import type { StoredItem } from "./records.ts";

/**
 * How long the first-seen mark of an undated article outlives its visibility, in days: an expired article still
 * in a feed, which `readFeed` would date by the poll's time, does not come back as new.
 */
export const TOMBSTONE_DAYS = 365;

/** What the merge reads of a feed's entries before planning: their items, and the first-seen mark of undated ones. */
export interface MergeRead {
  items: Map<string, StoredItem>;
  /** Id → when the article was first seen (ISO), for the `undated` ids asked that have a mark. */
  firstSeen: Map<string, string>;
}

/** Items and first-seen marks: every method's storage failure is a StorageError. */
export class Items {
  constructor(private readonly kit: TableKit) {}

  /** One stored item, or null (one consistent GetItem). @throws StorageError */
  get(id: string): Promise<StoredItem | null> {
    return this.kit.guard("get item", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: itemKey(id), ConsistentRead: true }),
      );
      return record ? fromItemRecord(record) : null;
    });
  }

  /** Stored items by id (consistent BatchGetItem, 100 a request); ids not stored are absent. @throws StorageError */
  getMany(ids: string[]): Promise<Map<string, StoredItem>> {
    return this.kit.guard("get items", async () => (await this.read(ids, [])).items);
  }

  /**
   * What the merge reads before planning: the items of `ids` and the first-seen marks of the `undated` ones, in
   * one BatchGetItem per 100 keys (consistent reads). @throws StorageError
   */
  readForMerge(ids: string[], undated: string[]): Promise<MergeRead> {
    return this.kit.guard("get items", () => this.read(ids, undated));
  }

  /**
   * Marks when an undated article was first seen (`I#<id>`, sk `T`: about 60 bytes), unless a mark exists; false
   * then (another poll marked it first: read it again). Written before the article's rows and item, it is both
   * the reservation of that date (a poll that fails half-way reuses it) and the tombstone that outlives the item
   * by `TOMBSTONE_DAYS`, so the article does not come back as new while its feed still carries it.
   * @throws StorageError
   */
  markFirstSeen(id: string, firstSeenAt: string): Promise<boolean> {
    const ttl = expiresAt(firstSeenAt, (this.kit.retentionDays + TOMBSTONE_DAYS) * DAY_S);
    const record = { ...firstSeenKey(id), firstSeenAt, expiresAt: ttl };
    return this.kit.guard("mark first seen", () =>
      this.kit.sendIf(
        new PutCommand({ TableName: this.kit.name, Item: record, ConditionExpression: "attribute_not_exists(pk)" }),
      ),
    );
  }

  /** Writes a new item unless it exists; false when another writer created it first. @throws StorageError */
  create(item: StoredItem): Promise<boolean> {
    return this.kit.guard("create item", () => putItemIf(this.kit, item, null));
  }

  /**
   * Replaces an item if its stored `rev` is still `expectedRev`; false when another writer got there first.
   * @throws StorageError
   */
  replace(item: StoredItem, expectedRev: number): Promise<boolean> {
    return this.kit.guard("update item", () => putItemIf(this.kit, item, expectedRev));
  }

  /**
   * Writes an item change: rows, then the item conditional on its `rev` (or its absence), then deletes the rows
   * of lists it left (`commitItemChange`). False when another writer got there first.
   * @throws ItemTooLargeError (nothing written), StorageError
   */
  commit(change: ItemChange): Promise<boolean> {
    return this.kit.guard("commit item", () => commitItemChange(this.kit, change));
  }

  private async read(ids: string[], undated: string[]): Promise<MergeRead> {
    const keys = [...[...new Set(ids)].map(itemKey), ...[...new Set(undated)].map(firstSeenKey)];
    const items = new Map<string, StoredItem>();
    const firstSeen = new Map<string, string>();
    for (const record of await this.kit.batchGet(keys)) {
      const { kind, id } = decodeKey(record);
      if (kind === "item") items.set(id, fromItemRecord(record));
      else if (kind === "first-seen" && typeof record.firstSeenAt === "string") firstSeen.set(id, record.firstSeenAt);
    }
    return { items, firstSeen };
  }
}
