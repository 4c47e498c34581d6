/** `store.markers`: named markers (`X#<name>`), small values a cycle keeps, such as the fingerprint of the configured sources. */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { markerKey } from "./keys.ts";
import type { Row, TableKit } from "./kit.ts";

/** Named markers: every method's storage failure is a StorageError. */
export class Markers {
  constructor(private readonly kit: TableKit) {}

  /** A named marker's value (one GetItem), or null. @throws StorageError */
  get(name: string): Promise<string | null> {
    return this.kit.guard("get marker", async () => {
      const { Item: record } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: markerKey(name) }),
      );
      return typeof record?.value === "string" ? record.value : null;
    });
  }

  /** Sets a named marker (one PutItem). @throws StorageError */
  set(name: string, value: string): Promise<void> {
    return this.kit.guard("set marker", async () => {
      await this.kit.send(new PutCommand({ TableName: this.kit.name, Item: { ...markerKey(name), value } }));
    });
  }
}
