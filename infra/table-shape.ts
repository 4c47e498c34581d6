/**
 * The table's shape for `sst.aws.Dynamo` and the IAM actions its users need. A plain module, free of SST
 * globals, so that tests/infra can check it against the store's own definition (`tableDefinition()`,
 * `TABLE_KEYS` in packages/core/src/store/table.ts) and against the commands the store sends.
 */

/** Keys, the sparse index of held-back sources and the TTL attribute. Only indexed fields are declared; billing is on demand. */
export const tableShape = {
  fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: "keys-only" },
  },
  ttl: "expiresAt",
} as const;

/** What the API needs: reads only (DescribeTable answers /health). */
export const TABLE_READ_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:DescribeTable",
] as const;

/**
 * What the poller adds to reads: item and list-row writes, conditional ones included. An item is written with
 * its rows in one TransactWriteItems request, which IAM authorizes action by action: PutItem, DeleteItem and,
 * for a topic rebuild's `ConditionCheck`, ConditionCheckItem. No table administration.
 */
export const TABLE_WRITE_ACTIONS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;
