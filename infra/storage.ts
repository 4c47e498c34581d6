import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS, tableShape } from "./table-shape.ts";

/**
 * The one table (docs/data-model.md): on demand, TTL on `expiresAt`, point-in-time recovery (SST's default). Production
 * keeps it on `sst remove` (removal "retain" in sst.config.ts) and refuses to delete it.
 */
export const table = new sst.aws.Dynamo("Table", {
  fields: tableShape.fields,
  primaryIndex: tableShape.primaryIndex,
  globalIndexes: tableShape.globalIndexes,
  ttl: tableShape.ttl,
  deletionProtection: ["prod", "production"].includes($app.stage),
});

/**
 * Access to the table, as links. Linking the Dynamo component itself would grant `dynamodb:*`, and the API may
 * only read, so each kind of access is a Linkable of its own carrying exactly its actions, on the
 * table and its indexes.
 *
 * Each also sets TABLE_NAME on the functions it is linked to: deployed functions receive linked properties in
 * an encrypted file that only the `sst` SDK reads, not as `SST_RESOURCE_*` variables, and TABLE_NAME is what
 * `resolveTableName()` (packages/core/src/store/client.ts) reads.
 */
function tableAccess(name: string, actions: readonly string[]) {
  return new sst.Linkable(name, {
    properties: { name: table.name },
    include: [
      sst.aws.permission({ actions: [...actions], resources: [table.arn, $interpolate`${table.arn}/index/*`] }),
      sst.env({ TABLE_NAME: table.name }),
    ],
  });
}

/** Read-only access: the API. */
export const tableReader = tableAccess("TableReader", TABLE_READ_ACTIONS);

/** Read and write access to items (no table administration): the poller. */
export const tableWriter = tableAccess("TableWriter", [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]);
