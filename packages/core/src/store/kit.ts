/**
 * The one kit every record module reads and writes through: the document client and the table's name, sending
 * a command, a conditional write, Query pages, batches, TTL arithmetic, and the one guard that turns an SDK
 * failure into a `StorageError`. No DynamoDB command is sent but through it (and `table.ts`, which creates the
 * table).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { StorageError, TributaryError } from "../errors.ts";
import type { Key } from "./keys.ts";

/** A stored record: attribute name → value, as the document client reads and writes it. */
export type Row = Record<string, unknown>;

/** One write of a BatchWriteItem. */
export type WriteRequest = { PutRequest: { Item: Row } } | { DeleteRequest: { Key: Key } };

/** Seconds in a day, for TTLs. */
export const DAY_S = 86_400;

/**
 * The TTL attribute's value (`expiresAt`, epoch seconds) `afterSeconds` after `at` (an ISO 8601 time or epoch
 * milliseconds).
 * @example expiresAt("2026-11-26T00:00:00.000Z", 90 * DAY_S) // 1772064000
 */
export function expiresAt(at: string | number, afterSeconds = 0): number {
  const ms = typeof at === "string" ? Date.parse(at) : at;
  return Math.floor(ms / 1000) + afterSeconds;
}

/** Whether DynamoDB refused a conditional write because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/** A command of `@aws-sdk/lib-dynamodb` (GetCommand, PutCommand, UpdateCommand, DeleteCommand, …). */
type Command = { readonly input: object };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
/** Rounds a batch retries its unprocessed keys or writes before it fails. */
const MAX_ROUNDS = 10;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The table as the record modules see it: its clients, its name, the retention in days, and the kit's calls. */
export class TableKit {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly client: DynamoDBClient,
    readonly name: string,
    readonly retentionDays: number,
  ) {}

  /**
   * Runs `run`, turning any failure but a TributaryError (and a failed condition, which callers test) into a
   * StorageError naming `what` (`"get item failed: …"`).
   * @throws StorageError
   */
  async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TributaryError || isConditionFailure(error)) throw error;
      const reason = (error as Error)?.message || (error as Error)?.name;
      throw new StorageError(`${what} failed: ${reason}`, { cause: error });
    }
  }

  /** Sends one command with the document client; the table name is the caller's to set. */
  send<Output>(command: Command): Promise<Output> {
    return this.doc.send(command as never) as Promise<Output>;
  }

  /** Sends a conditional write: true when it was applied, false when its condition did not hold. */
  async sendIf(command: Command): Promise<boolean> {
    try {
      await this.doc.send(command as never);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The pages of a Query of this table (`pageSize` items a request when given), as the SDK's paginator reads them. */
  query(input: Omit<QueryCommandInput, "TableName">, pageSize?: number): AsyncIterable<QueryCommandOutput> {
    return paginateQuery({ client: this.doc, ...(pageSize ? { pageSize } : {}) }, { TableName: this.name, ...input });
  }

  /** Every item of a Query, page after page. */
  async queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const page of this.query(input)) rows.push(...((page.Items ?? []) as Row[]));
    return rows;
  }

  /**
   * BatchGet of any number of keys, 100 a request, UnprocessedKeys retried with backoff; strongly consistent
   * unless `consistent` is false (eventually consistent reads cost half: 0.5 RCU per 4 KB). Records not found
   * are absent.
   */
  async batchGet(keys: Key[], consistent = true): Promise<Row[]> {
    const out: Row[] = [];
    for (const chunk of chunks(keys, 100)) {
      let pending: Key[] = chunk;
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_ROUNDS)
          throw new Error(`batchGet: ${pending.length} keys still unprocessed after ${MAX_ROUNDS} rounds`);
        if (round > 0) await sleep(backoff(round));
        const result = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: consistent } } }),
        );
        out.push(...((result.Responses?.[this.name] ?? []) as Row[]));
        pending = (result.UnprocessedKeys?.[this.name]?.Keys ?? []) as Key[];
      }
    }
    return out;
  }

  /** BatchWrite of any number of puts and deletes, 25 a request, UnprocessedItems retried with backoff. */
  async batchWrite(requests: WriteRequest[]): Promise<void> {
    for (const chunk of chunks(requests, 25)) {
      let pending = chunk;
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_ROUNDS)
          throw new Error(`batchWrite: ${pending.length} writes still unprocessed after ${MAX_ROUNDS} rounds`);
        if (round > 0) await sleep(backoff(round));
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.name]: pending } }));
        pending = (result.UnprocessedItems?.[this.name] ?? []) as WriteRequest[];
      }
    }
  }
}
