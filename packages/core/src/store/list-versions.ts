/** List versions (`M#<list>`): a counter and a change time per list, for ETag and Last-Modified, and topic fingerprints. */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch.ts";
import { listMetaKey } from "./keys.ts";
import type { ListKey, ListMeta } from "./records.ts";
import type { TableRef } from "./table-ref.ts";

/** Version records of lists (BatchGetItem, 100 a request); lists never changed are absent. */
export async function getListMetas(ref: TableRef, keys: ListKey[]): Promise<Map<ListKey, ListMeta>> {
  const records = await batchGet(ref.doc, ref.table, keys.map(listMetaKey));
  return new Map(records.map((record) => [record.key as ListKey, record as unknown as ListMeta]));
}

/** The version record of one list (one GetItem), or null before its first change. */
export async function getListMeta(ref: TableRef, key: ListKey): Promise<ListMeta | null> {
  const { Item: record } = await ref.doc.send(new GetCommand({ TableName: ref.table, Key: listMetaKey(key) }));
  return (record as ListMeta | undefined) ?? null;
}

/**
 * Marks a list changed (one UpdateItem): `ADD version 1`, `modifiedAt = now`; with `fingerprint`, records the
 * fingerprint of the rules the list was built by.
 */
export async function touchList(ref: TableRef, key: ListKey, now: Date, fingerprint?: string): Promise<void> {
  const sets = ["#key = :key", "modifiedAt = :now"];
  const values: Record<string, unknown> = { ":key": key, ":now": now.toISOString(), ":one": 1 };
  if (fingerprint !== undefined) {
    sets.push("fingerprint = :fp");
    values[":fp"] = fingerprint;
  }
  await ref.doc.send(
    new UpdateCommand({
      TableName: ref.table,
      Key: listMetaKey(key),
      UpdateExpression: `SET ${sets.join(", ")} ADD version :one`,
      ExpressionAttributeNames: { "#key": "key" },
      ExpressionAttributeValues: values,
    }),
  );
}
