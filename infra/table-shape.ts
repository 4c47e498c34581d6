/**
 * The table's shape for `sst.aws.Dynamo` and the IAM actions its users need. A plain module, free of SST
 * globals, so that tests/infra can check it against the store's own definition (`tableDefinition()` in
 * packages/core/src/store/table.ts, whose `TABLE_KEYS` it is built from) and against the commands the store sends.
 */
import { TABLE_KEYS } from "@tributary/core/store/table.ts";

const due = TABLE_KEYS.indexes.due;

/**
 * Keys, the sparse index of held-back sources (`due`) and the TTL attribute, named as the store names them (`TABLE_KEYS`). Only indexed
 * fields are declared; billing is on demand.
 */
export const tableShape = {
  fields: {
    [TABLE_KEYS.partitionKey]: "string",
    [TABLE_KEYS.sortKey]: "string",
    [due.partitionKey]: "string",
    [due.sortKey]: "string",
  },
  primaryIndex: { hashKey: TABLE_KEYS.partitionKey, rangeKey: TABLE_KEYS.sortKey },
  globalIndexes: {
    [due.name]: { hashKey: due.partitionKey, rangeKey: due.sortKey, projection: "keys-only" },
  },
  ttl: TABLE_KEYS.ttlAttribute,
} as const;

/** What the API needs: reads only (a GetItem answers /health). */
export const TABLE_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"] as const;

/**
 * What the poller adds to reads: item, list-row, state and WebSub record writes, conditional ones included
 * (single-item writes and batches; no transactions). No table administration.
 */
export const TABLE_WRITE_ACTIONS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
] as const;
