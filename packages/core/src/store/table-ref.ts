import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** What every record module writes through: the document client, the table's name and the retention in days. */
export interface TableRef {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  readonly retentionDays: number;
}
