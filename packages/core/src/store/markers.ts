/** Named markers (`X#<name>`): small values a cycle keeps, such as the fingerprint of the configured sources. */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { markerKey } from "./keys.ts";
import type { TableRef } from "./table-ref.ts";

/** A named marker's value (one GetItem), or null. */
export async function getMarker(ref: TableRef, name: string): Promise<string | null> {
  const { Item: record } = await ref.doc.send(new GetCommand({ TableName: ref.table, Key: markerKey(name) }));
  return typeof record?.value === "string" ? record.value : null;
}

/** Sets a named marker (one PutItem). */
export async function setMarker(ref: TableRef, name: string, value: string): Promise<void> {
  await ref.doc.send(new PutCommand({ TableName: ref.table, Item: { ...markerKey(name), value } }));
}
