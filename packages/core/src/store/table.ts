import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";

/** The table's key attributes and indexes: the one definition shared by the local store and `infra/storage.ts`. */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  indexes: {
    /**
     * Held-back sources (sparse): `gsi1pk = "held"`, `gsi1sk = nextFetchAt` (failing) or `~gone`. Healthy
     * sources are not in it. (Tables of the older layout also hold `gsi1pk = "due"` entries, no longer read.)
     * Reserved for full text: pending page jobs under `gsi1pk = "pages"`, `gsi1sk = <dueAt>#<item id>`.
     */
    due: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  },
} as const;

/** CreateTable input for the table, on demand. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const due = TABLE_KEYS.indexes.due;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: "S" },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: "S" },
      { AttributeName: due.partitionKey, AttributeType: "S" },
      { AttributeName: due.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: due.name,
        KeySchema: [
          { AttributeName: due.partitionKey, KeyType: "HASH" },
          { AttributeName: due.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  };
}

/** Creates the table when it is missing and waits until it is active. Enables TTL where the engine supports it. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<"created" | "exists"> {
  const active = (table: TableDescription | undefined) =>
    table?.TableStatus === "ACTIVE" && (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
  let existing: TableDescription | undefined;
  try {
    existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    // Another process may have just created it: it is usable once active, not before.
    if (active(existing)) return "exists";
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== "ResourceNotFoundException")
      throw error;
  }
  if (!existing) {
    try {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
    } catch (error) {
      if ((error as Error).name !== "ResourceInUseException") throw error;
    }
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (active(Table)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (existing) return "exists";
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      }),
    );
  } catch {
    // dynalite has no TTL; retention is also enforced on every read.
  }
  return "created";
}
