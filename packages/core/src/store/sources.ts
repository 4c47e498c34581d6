/**
 * `store.sources`: source states, the sparse index of held-back sources and the poll records (see
 * docs/data-model.md, "Source states and the schedule"). The store answers queries; which sources are due is
 * the schedule's rule, in `poll/`.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { decodeHeldEntry, HELD, sourceKey } from "./keys.ts";
import type { Row, TableKit } from "./kit.ts";
import {
  asPolled,
  type LastPoll,
  latestPolls,
  newestFetch,
  type PolledSource,
  type Replan,
  recentPolls,
  writePollRecord,
} from "./poll-records.ts";
import type { SourceState } from "./records.ts";
import { misplaced, sourceRecord, stateOf } from "./source-record.ts";
import { TABLE_KEYS } from "./table.ts";

const INDEX = TABLE_KEYS.indexes.due;

/** Source states, held-back sources and poll records: every method's storage failure is a StorageError. */
export class Sources {
  constructor(private readonly kit: TableKit) {}

  /** States of sources by id: eventually consistent (half the read units) unless `consistent`. @throws StorageError */
  states(ids: string[], consistent = false): Promise<Map<string, SourceState>> {
    return this.kit.guard("get source states", async () => {
      const rows = await this.rows(ids, consistent);
      return new Map([...rows].map(([id, row]) => [id, stateOf(row)]));
    });
  }

  /**
   * States of sources as of their latest poll, for health: a healthy source polled since its state was written
   * (a poll record says so) shows that poll's time, and the next fetch that poll planned (a record from before
   * plans: its cycle's time + `everyMinutes`); with `replan`, a healthy source's next fetch is what `replan` answers
   * for its latest poll's cycle, when it answers one (`asPolled`). One BatchGet and, when a source is healthy, one
   * Query. @throws StorageError
   */
  current(ids: string[], everyMinutes: number, now = new Date(), replan?: Replan): Promise<Map<string, SourceState>> {
    return this.kit.guard("get source states", async () => {
      const states = new Map([...(await this.rows(ids, false))].map(([id, row]) => [id, stateOf(row)]));
      const polls = await latestPolls(this.kit, states.values(), now);
      for (const [id, state] of states) states.set(id, asPolled(state, polls.get(id), everyMinutes, replan));
      return states;
    });
  }

  /** Saves a source's state (one PutItem); only held-back sources (failing, gone) are in the held index. @throws StorageError */
  save(state: SourceState): Promise<void> {
    return this.kit.guard("save source state", async () => {
      await this.kit.send(new PutCommand({ TableName: this.kit.name, Item: sourceRecord(state) }));
    });
  }

  /**
   * Saves a fresh state unless the source already has one for the same URL (another poll saved it since it
   * was read); false then, and the caller reads it again. @throws StorageError
   */
  start(state: SourceState): Promise<boolean> {
    return this.kit.guard("save source state", () =>
      this.kit.sendIf(
        new PutCommand({
          TableName: this.kit.name,
          Item: sourceRecord(state),
          ConditionExpression: "attribute_not_exists(pk) OR #url <> :url",
          ExpressionAttributeNames: { "#url": "url" },
          ExpressionAttributeValues: { ":url": state.url },
        }),
      ),
    );
  }

  /**
   * Rewrites the states of `ids` whose index attributes are those of an older layout (every source in a `due`
   * index): held-back ones enter the held index, healthy ones leave the old one. Returns how many were written.
   * @throws StorageError
   */
  migrate(ids: string[]): Promise<number> {
    return this.kit.guard("migrate source states", async () => {
      const stale = [...(await this.rows(ids, true)).values()].filter(misplaced);
      for (const row of stale) {
        await this.kit.send(new PutCommand({ TableName: this.kit.name, Item: sourceRecord(stateOf(row)) }));
      }
      return stale.length;
    });
  }

  /**
   * The held-back sources: id → next fetch time (ISO), or null when gone (never due). One Query of the keys-only
   * sparse index, its size the number of held-back sources. @throws StorageError
   */
  held(): Promise<Map<string, string | null>> {
    return this.kit.guard("query held sources", async () => {
      const rows = await this.kit.queryAll({
        IndexName: INDEX.name,
        KeyConditionExpression: "#p = :held",
        ExpressionAttributeNames: { "#p": INDEX.partitionKey },
        ExpressionAttributeValues: { ":held": HELD },
      });
      return new Map(rows.map((row) => decodeHeldEntry(row)).map((entry) => [entry.id, entry.nextFetchAt]));
    });
  }

  /**
   * Records the healthy sources a cycle (or worker batch) polled: id → fetch time (ISO), or `{ fetchedAt, interval,
   * next }` with the interval (minutes) and next fetch (ISO) the schedule planned; `at`: when the cycle was
   * scheduled. One PutItem; none when `polled` is empty. @throws StorageError
   */
  recordPolls(polled: Map<string, PolledSource>, at: Date, now: Date): Promise<void> {
    return this.kit.guard("record polls", () => writePollRecord(this.kit, polled, at, now));
  }

  /**
   * The latest poll of each source polled healthy by a cycle scheduled after `since`, with its interval and next
   * fetch when the record holds them (the poll records; one Query, ∝ the polls since then). @throws StorageError
   */
  polledSince(since: Date): Promise<Map<string, LastPoll>> {
    return this.kit.guard("read poll records", () => recentPolls(this.kit, since.toISOString()));
  }

  /**
   * The latest fetch the newest poll record holds (ISO), or null: when the latest cycle (or worker batch) polled a
   * healthy source. One Query of one record. @throws StorageError
   */
  newestFetch(now = new Date()): Promise<string | null> {
    return this.kit.guard("read poll records", () => newestFetch(this.kit, now));
  }

  /** Stored records of sources by id: eventually consistent (0.5 RCU per state ≤ 4 KB) unless `consistent`. */
  private async rows(ids: string[], consistent: boolean): Promise<Map<string, Row>> {
    const rows = await this.kit.batchGet([...new Set(ids)].map(sourceKey), consistent);
    return new Map(rows.map((row) => [row.id as string, row]));
  }
}
