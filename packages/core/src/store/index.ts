export { type ClientOptions, createClients, resolveTableName } from "./client.ts";
export { decodeCursor, encodeCursor } from "./cursor.ts";
export { sourceList, topicList } from "./keys.ts";
export { type OpenStoreOptions, openStore } from "./open.ts";
export * from "./records.ts";
export { type ListPage, type ListQuery, Store, TOMBSTONE_DAYS } from "./store.ts";
export { ensureTable, TABLE_KEYS, tableDefinition } from "./table.ts";
