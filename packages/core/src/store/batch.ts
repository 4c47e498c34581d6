import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

type Key = Record<string, string>;
type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
const MAX_ROUNDS = 10;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * BatchGet of any number of keys, 100 a request, UnprocessedKeys retried with backoff; strongly consistent
 * unless `consistent` is false (eventually consistent reads cost half: 0.5 RCU per 4 KB).
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: Key[],
  consistent = true,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const chunk of chunks(keys, 100)) {
    let pending: Key[] = chunk;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS)
        throw new Error(`batchGet: ${pending.length} keys still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await sleep(backoff(round));
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      out.push(...((result.Responses?.[table] ?? []) as Record<string, unknown>[]));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  }
  return out;
}

/** BatchWrite of any number of puts and deletes, 25 a request, UnprocessedItems retried with backoff. */
export async function batchWrite(doc: DynamoDBDocumentClient, table: string, requests: WriteRequest[]): Promise<void> {
  for (const chunk of chunks(requests, 25)) {
    let pending = chunk;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS)
        throw new Error(`batchWrite: ${pending.length} writes still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await sleep(backoff(round));
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}
