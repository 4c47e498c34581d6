export { type ClientOptions, createClients, resolveTableName } from "./client.ts";
export type { ItemChange } from "./commit.ts";
export { decodeCursor, encodeCursor } from "./cursor.ts";
export { sourceList, topicList } from "./keys.ts";
export { type OpenStoreOptions, openStore } from "./open.ts";
export * from "./records.ts";
export { TOMBSTONE_DAYS } from "./rows.ts";
export { type ListPage, type ListQuery, Store } from "./store.ts";
export { ensureTable, TABLE_KEYS, tableDefinition } from "./table.ts";
