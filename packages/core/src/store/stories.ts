/**
 * `store.stories`: the records of story grouping (docs/stories.md; docs/data-model.md, "Stories"), read by key and
 * written conditionally, never scanned:
 *
 * - posting `K#<term>` / `<day>`: `v` (version), `s` (story id → first item's `publishedAt` in ms), TTL;
 * - summary `G#<story id>` / `G`: the fields of `summaryRecord`, `by` (4-byte fingerprint of the last item written
 *   into it: how a poll completing an interrupted join tells whether it happened) and a TTL;
 * - member rows, a list per story (`L#g:<story id>` / `<publishedAt>#<item id>`): what `GET /api/stories/:id` pages;
 * - card `G#<story id>` / `C` (`story-cards.ts`): what lists show of a story of two items or more.
 *
 * `index()` is a `StoryIndex` for one grouping run: it keeps the postings it read, so that a commit adds its story
 * to exactly the posting read, conditional on its version.
 */
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type {
  Posting,
  PostingAddition,
  PostingLookup,
  StoryChange,
  StoryIndex,
  StorySummary,
} from "../stories/index.ts";
import { STORY_WINDOW_HOURS, StoryConflictError, summaryRecord } from "../stories/index.ts";
import { withStory } from "../stories/postings.ts";
import {
  decodePostingKey,
  decodeStoryKey,
  listPartition,
  postingKey,
  ROWS_START,
  rowSortKey,
  storyCardKey,
  storyList,
  storySummaryKey,
  storyTermPartition,
} from "./keys.ts";
import { DAY_S, expiresAt, type Row, type TableKit } from "./kit.ts";
import { cardOf, cardRecord, type MemberRow, type StoryCard } from "./story-cards.ts";

/** How long a posting outlives its day: an item reads postings up to three days before its own (a story stays open 72 hours). */
const POSTING_DAYS = 4;
/** Attempts at adding a story to a posting that other writers keep moving, before the commit gives up. */
const POSTING_ATTEMPTS = 8;

/** A 4-byte fingerprint of an item id (its first 32 bits): marks which item last wrote a summary. */
export function memberFingerprint(itemId: string): Uint8Array {
  return new Uint8Array(Buffer.from(itemId, "base64url").subarray(0, 4));
}

/** Whether two fingerprints are equal. */
function sameFingerprint(a: unknown, b: Uint8Array): boolean {
  return a instanceof Uint8Array && a.length === b.length && a.every((byte, n) => byte === b[n]);
}

/** A story summary as read, with the fingerprint of the item that last wrote it. */
export interface StoredSummary extends StorySummary {
  /** `memberFingerprint` of the item whose write made this version. */
  by: Uint8Array | null;
}

/** The summary a record holds. */
function summaryOf(record: Row): StoredSummary {
  const terms = new Map<string, number>(Object.entries((record.terms ?? {}) as Record<string, number>));
  return {
    id: String(record.id),
    firstAt: Number(record.firstAt),
    size: Number(record.size),
    version: Number(record.version),
    hosts: record.hosts instanceof Uint8Array ? record.hosts : new Uint8Array(0),
    // Summaries written before copies were remembered hold no copy keys.
    copies: record.copies instanceof Uint8Array ? record.copies : new Uint8Array(0),
    terms,
    by: record.by instanceof Uint8Array ? record.by : null,
  };
}

/** The posting a record holds. */
function postingOf(record: Row): Posting {
  const { term, day } = decodePostingKey(record);
  const stories = new Map<string, number>(
    Object.entries((record.s ?? {}) as Record<string, unknown>).map(([id, at]) => [id, Number(at)]),
  );
  return { term, day, version: Number(record.v ?? 0), stories };
}

/** Story records: every method's storage failure is a StorageError; a failed condition a StoryConflictError. */
export class Stories {
  constructor(private readonly kit: TableKit) {}

  /** A `StoryIndex` for one grouping run (it keeps the postings it reads for the commits that follow). */
  index(): StoryIndex {
    return new DynamoStoryIndex(this);
  }

  /** When a story's records expire: its first item plus the window (its last possible member) plus retention. */
  expiresAt(firstAt: number): number {
    return expiresAt(firstAt, STORY_WINDOW_HOURS * 3600 + this.kit.retentionDays * DAY_S);
  }

  /** One summary (GetItem, consistent), or null. @throws StorageError */
  summary(id: string): Promise<StoredSummary | null> {
    return this.kit.guard("get story", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: storySummaryKey(id), ConsistentRead: true }),
      );
      return record ? summaryOf(record) : null;
    });
  }

  /** Summaries by id (one BatchGetItem per 100), those that exist. @throws StorageError */
  summaries(ids: readonly string[], consistent: boolean): Promise<StoredSummary[]> {
    return this.kit.guard("get stories", async () => {
      const records = await this.kit.batchGet([...new Set(ids)].map(storySummaryKey), consistent);
      return records.map(summaryOf);
    });
  }

  /** The postings of each lookup's term between its days: one Query each, at once. @throws StorageError */
  postings(lookups: readonly PostingLookup[], consistent: boolean): Promise<Posting[]> {
    return this.kit.guard("get postings", async () => {
      const pages = await Promise.all(
        lookups.map((lookup) =>
          this.kit.queryAll({
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: {
              ":pk": storyTermPartition(lookup.term),
              ":from": lookup.fromDay,
              ":to": lookup.toDay,
            },
            ConsistentRead: consistent,
          }),
        ),
      );
      return pages.flat().map(postingOf);
    });
  }

  /** One posting (GetItem, consistent); version 0 and no stories when there is none. @throws StorageError */
  posting(term: string, day: string): Promise<Posting> {
    return this.kit.guard("get posting", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: postingKey(term, day), ConsistentRead: true }),
      );
      return record ? postingOf(record) : { term, day, version: 0, stories: new Map() };
    });
  }

  /**
   * Writes `next` (a posting read at version `next.version - 1`) unless it moved since; false then.
   * @throws StorageError
   */
  putPosting(next: Posting): Promise<boolean> {
    const read = next.version - 1;
    const record = {
      ...postingKey(next.term, next.day),
      v: next.version,
      s: Object.fromEntries(next.stories),
      expiresAt: expiresAt(`${next.day}T00:00:00.000Z`, POSTING_DAYS * DAY_S),
    };
    const condition =
      read === 0
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : { ConditionExpression: "v = :read", ExpressionAttributeValues: { ":read": read } };
    return this.kit.guard("put posting", () =>
      this.kit.sendIf(new PutCommand({ TableName: this.kit.name, Item: record, ...condition })),
    );
  }

  /**
   * Adds `story` to the posting of `term` on `day`, whatever moved it: reads it again (consistently) and writes
   * again until the write holds or the posting already names the story (or would drop it at once: it is full of
   * later stories). Adding a story commutes, so nothing is decided again. @throws StorageError
   */
  async addToPosting(term: string, day: string, story: string, firstAt: number, start?: Posting): Promise<void> {
    let posting = start ?? (await this.posting(term, day));
    for (let attempt = 0; attempt < POSTING_ATTEMPTS; attempt++) {
      const next = withStory(posting, story, firstAt);
      if (!next || (await this.putPosting(next))) return;
      posting = await this.posting(term, day);
    }
    throw new StoryConflictError(`posting ${term} ${day} kept moving`);
  }

  /**
   * Writes a summary: a new story's (version 1) only if none exists, else only if the stored one is still at the
   * version before; `by` is the item this write is for. False when the condition failed. @throws StorageError
   */
  putSummary(summary: StorySummary, itemId: string): Promise<boolean> {
    const record = {
      ...storySummaryKey(summary.id),
      ...summaryRecord(summary),
      by: memberFingerprint(itemId),
      expiresAt: this.expiresAt(summary.firstAt),
    };
    const condition =
      summary.version === 1
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : {
            ConditionExpression: "version = :read",
            ExpressionAttributeValues: { ":read": summary.version - 1 },
          };
    return this.kit.guard("put story", () =>
      this.kit.sendIf(new PutCommand({ TableName: this.kit.name, Item: record, ...condition })),
    );
  }

  /**
   * Whether the summary `summary` shows the write for `itemId`: the item that made its current version. (A story
   * whose later versions came from other items no longer shows it; see `docs/data-model.md`, "Stories".)
   */
  wroteLast(summary: StoredSummary, itemId: string): boolean {
    return sameFingerprint(summary.by, memberFingerprint(itemId));
  }

  /**
   * Puts the member row of `itemId` (published at `publishedAt`, ISO) in story `storyId`'s list, with the story's
   * version its join made (`order`: 1 for the first item, 0 when unknown). @throws StorageError
   */
  putMember(storyId: string, itemId: string, publishedAt: string, order: number): Promise<void> {
    const record = {
      pk: listPartition(storyList(storyId)),
      sk: rowSortKey(publishedAt, itemId),
      order,
      expiresAt: expiresAt(publishedAt, this.kit.retentionDays * DAY_S),
    };
    return this.kit.guard("put story member", async () => {
      await this.kit.send(new PutCommand({ TableName: this.kit.name, Item: record }));
    });
  }

  /** Whether the member row of `itemId` is in story `storyId`'s list (GetItem, consistent). @throws StorageError */
  hasMember(storyId: string, itemId: string, publishedAt: string): Promise<boolean> {
    return this.kit.guard("get story member", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({
          TableName: this.kit.name,
          Key: { pk: listPartition(storyList(storyId)), sk: rowSortKey(publishedAt, itemId) },
          ConsistentRead: true,
          ProjectionExpression: "pk",
        }),
      );
      return record !== undefined;
    });
  }

  /**
   * Which of these items have their member row in their story's list (one consistent BatchGetItem per 100): the
   * ids found. @throws StorageError
   */
  withMemberRows(items: readonly { id: string; story: string; publishedAt: string }[]): Promise<Set<string>> {
    return this.kit.guard("get story members", async () => {
      const keys = items.map((item) => ({
        pk: listPartition(storyList(item.story)),
        sk: rowSortKey(item.publishedAt, item.id),
      }));
      const found = await this.kit.batchGet(keys);
      return new Set(found.map((row) => String(row.sk).slice(String(row.sk).indexOf("#") + 1)));
    });
  }

  /** Every member row of a story, oldest first (a consistent Query, paged). @throws StorageError */
  members(storyId: string): Promise<MemberRow[]> {
    return this.kit.guard("read story members", async () => {
      const rows = await this.kit.queryAll({
        KeyConditionExpression: "pk = :pk AND sk >= :lo",
        ExpressionAttributeValues: { ":pk": listPartition(storyList(storyId)), ":lo": ROWS_START },
        ProjectionExpression: "sk, #order",
        ExpressionAttributeNames: { "#order": "order" },
        ConsistentRead: true,
      });
      return rows.map((row) => {
        const sk = String(row.sk);
        const at = sk.indexOf("#");
        return { id: sk.slice(at + 1), publishedAt: sk.slice(0, at), order: Number(row.order ?? 0) };
      });
    });
  }

  /** A story's card (GetItem, consistent), or null (a story of one item, or one whose card is not written yet). */
  card(id: string): Promise<StoryCard | null> {
    return this.kit.guard("get story card", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: storyCardKey(id), ConsistentRead: true }),
      );
      return record ? cardOf(record) : null;
    });
  }

  /** Cards by story id (one BatchGetItem per 100, consistent): stories without one are absent. @throws StorageError */
  cards(ids: readonly string[]): Promise<Map<string, StoryCard>> {
    return this.kit.guard("get story cards", async () => {
      const records = await this.kit.batchGet([...new Set(ids)].map(storyCardKey));
      return new Map(
        records.filter((r) => decodeStoryKey(r).kind === "card").map((r) => [decodeStoryKey(r).id, cardOf(r)]),
      );
    });
  }

  /**
   * Writes a card unless another writer changed it since it was read at `readVersion` (null: it was absent); false
   * then. @throws StorageError
   */
  putCard(card: StoryCard, readVersion: number | null): Promise<boolean> {
    const condition =
      readVersion === null
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : { ConditionExpression: "version = :read", ExpressionAttributeValues: { ":read": readVersion } };
    const Item = cardRecord(card, this.expiresAt(card.firstAt));
    return this.kit.guard("put story card", () =>
      this.kit.sendIf(new PutCommand({ TableName: this.kit.name, Item, ...condition })),
    );
  }

  /**
   * Removes a story that no item names (a summary a poll completing an interrupted item wrote while the item's own
   * poll moved it to another story), only while no other item has joined it. @throws StorageError
   */
  withdraw(id: string): Promise<boolean> {
    return this.kit.guard("delete story", () =>
      this.kit.sendIf(
        new DeleteCommand({
          TableName: this.kit.name,
          Key: storySummaryKey(id),
          ConditionExpression: "version = :one",
          ExpressionAttributeValues: { ":one": 1 },
        }),
      ),
    );
  }
}

/**
 * The grouping's `StoryIndex` on DynamoDB for one run. A new story's postings are each written only if still at the
 * version read, then its summary only if absent; a join's summary only if still at the version read, then its
 * postings (re-read and written again when they moved: adding commutes). Then the member row.
 */
class DynamoStoryIndex implements StoryIndex {
  /** The postings read by the last `postings` call, by term and day. */
  readonly #read = new Map<string, Posting>();

  constructor(private readonly stories: Stories) {}

  async postings(lookups: readonly PostingLookup[], consistent: boolean): Promise<Posting[]> {
    const found = await this.stories.postings(lookups, consistent);
    this.#read.clear();
    for (const posting of found) this.#read.set(`${posting.term}\u0000${posting.day}`, posting);
    return found;
  }

  summaries(ids: readonly string[], consistent: boolean): Promise<StorySummary[]> {
    return this.stories.summaries(ids, consistent);
  }

  /**
   * The posting an addition was computed from: as read, an empty one at version 0, else read again (a posting not
   * kept; if it moved meanwhile, the write conditional on the version read fails as it should).
   */
  async #base(addition: PostingAddition): Promise<Posting> {
    const read = this.#read.get(`${addition.term}\u0000${addition.day}`);
    if (read && read.version === addition.readVersion) return read;
    if (addition.readVersion === 0) return { term: addition.term, day: addition.day, version: 0, stories: new Map() };
    const current = await this.stories.posting(addition.term, addition.day);
    return current.version === addition.readVersion ? current : { ...current, version: addition.readVersion };
  }

  async commit(change: StoryChange): Promise<void> {
    const { summary, item } = change;
    if (summary.version === 1) {
      const written = await settled(
        change.postings.map(async (addition) => {
          const next = withStory(await this.#base(addition), summary.id, summary.firstAt);
          return next === null || (await this.stories.putPosting(next));
        }),
      );
      if (written.includes(false)) throw new StoryConflictError(`a posting of story ${summary.id} moved`);
      if (!(await this.stories.putSummary(summary, item.id))) {
        throw new StoryConflictError(`story ${summary.id} exists`);
      }
    } else {
      if (!(await this.stories.putSummary(summary, item.id))) {
        throw new StoryConflictError(`story ${summary.id} moved`);
      }
      await settled(
        change.postings.map(async (addition) => {
          const base = await this.#base(addition);
          return this.stories.addToPosting(addition.term, addition.day, summary.id, summary.firstAt, base);
        }),
      );
    }
    await this.stories.putMember(summary.id, item.id, new Date(item.publishedAt).toISOString(), summary.version);
  }
}

/** Settles every promise, then throws the first failure if any (no write of a commit is left in flight). */
async function settled<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
