/**
 * The table SST deploys matches the one the store creates locally, and the permissions the links grant match
 * what the code sends. `tsc -p tsconfig.sst.json` checks option names and types, not this wiring.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { TABLE_KEYS, tableDefinition } from "@tributary/core/store";
import { describe, expect, it } from "vitest";
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS, tableShape } from "../../infra/table-shape.ts";

const root = path.resolve(import.meta.dirname, "../..");
const definition = tableDefinition("t");
const TYPES = { S: "string", N: "number", B: "binary" } as const;

describe("infra/table-shape.ts against tableDefinition()", () => {
  it("declares exactly the attributes the table defines, with their types", () => {
    const defined = Object.fromEntries(
      (definition.AttributeDefinitions ?? []).map((a) => [
        a.AttributeName,
        TYPES[a.AttributeType as keyof typeof TYPES],
      ]),
    );
    expect(tableShape.fields).toEqual(defined);
  });

  it("has the same primary key", () => {
    const key = (type: string) => definition.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
    expect(tableShape.primaryIndex).toEqual({ hashKey: key("HASH"), rangeKey: key("RANGE") });
    expect(tableShape.primaryIndex).toEqual({ hashKey: TABLE_KEYS.partitionKey, rangeKey: TABLE_KEYS.sortKey });
  });

  it("has the same global indexes, keys and projection", () => {
    const projections = { KEYS_ONLY: "keys-only", ALL: "all" } as const;
    const indexes = Object.fromEntries(
      (definition.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        {
          hashKey: index.KeySchema?.find((k) => k.KeyType === "HASH")?.AttributeName,
          rangeKey: index.KeySchema?.find((k) => k.KeyType === "RANGE")?.AttributeName,
          projection: projections[index.Projection?.ProjectionType as keyof typeof projections],
        },
      ]),
    );
    expect(tableShape.globalIndexes).toEqual(indexes);
    const due = TABLE_KEYS.indexes.due;
    expect(tableShape.globalIndexes).toHaveProperty(
      due.name,
      expect.objectContaining({ hashKey: due.partitionKey, rangeKey: due.sortKey }),
    );
  });

  it("declares every key it indexes on (SST does not check that)", () => {
    const keys = [tableShape.primaryIndex, ...Object.values(tableShape.globalIndexes)].flatMap((i) => [
      i.hashKey,
      i.rangeKey,
    ]);
    for (const key of keys) expect(Object.keys(tableShape.fields)).toContain(key);
  });

  it("expires items on the store's TTL attribute", () => {
    expect(tableShape.ttl).toBe(TABLE_KEYS.ttlAttribute);
  });

  it("is what infra/storage.ts gives the Dynamo component", async () => {
    const storage = await readFile(path.join(root, "infra/storage.ts"), "utf8");
    const args = storage.slice(storage.indexOf('new sst.aws.Dynamo("Table"'));
    for (const option of ["fields", "primaryIndex", "globalIndexes", "ttl"]) {
      expect(args).toMatch(new RegExp(`\\b${option}: tableShape\\.${option}\\b`));
    }
  });
});

/** DynamoDB actions of the document and low-level commands the store sends. */
const ACTIONS: Record<string, string> = {
  Get: "dynamodb:GetItem",
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  Query: "dynamodb:Query",
  Scan: "dynamodb:Scan",
  BatchGet: "dynamodb:BatchGetItem",
  BatchWrite: "dynamodb:BatchWriteItem",
  TransactGet: "dynamodb:GetItem",
  TransactWrite: "dynamodb:PutItem",
  DescribeTable: "dynamodb:DescribeTable",
};

describe("table permissions", () => {
  it("grant the poller every action the store's commands need", async () => {
    const sent = new Set<string>();
    const dir = path.join(root, "packages/core/src/store");
    // table.ts creates the table on the local stack only; in AWS the deployment creates it.
    const files = (await readdir(dir)).filter(
      (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "table.ts",
    );
    for (const file of files) {
      const text = await readFile(path.join(dir, file), "utf8");
      // Commands sent directly, and the lib-dynamodb paginators (paginateQuery sends QueryCommand).
      for (const match of text.matchAll(/new (\w+)Command\(|paginate(\w+)\(/g)) {
        const name = (match[1] ?? match[2]) as string;
        const action = ACTIONS[name];
        expect(action, `no IAM action known for ${name} in ${file}`).toBeDefined();
        sent.add(action as string);
      }
    }
    // The store gets, puts, updates, deletes, queries and batches: each must be granted.
    for (const action of [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
      "dynamodb:BatchGetItem",
    ]) {
      expect(sent).toContain(action);
    }
    const granted: readonly string[] = [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
    for (const action of sent) expect(granted).toContain(action);
    // And nothing more: every write action granted is one the store sends.
    for (const action of TABLE_WRITE_ACTIONS) expect(sent).toContain(action);
  });

  it("let the API only read", () => {
    for (const action of TABLE_READ_ACTIONS) {
      expect(action).toMatch(/^dynamodb:(Get|BatchGet|Query|Describe)/);
    }
    expect(TABLE_READ_ACTIONS).not.toContain("dynamodb:*");
  });
});
