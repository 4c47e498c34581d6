import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Options for a DynamoDB client: an explicit endpoint means a local engine. */
export interface ClientOptions {
  endpoint?: string;
  region?: string;
  /** Attempts per request, throttling and 5xx included (SDK standard retry with backoff). */
  maxAttempts?: number;
}

/**
 * The table name, read in this one place: SST's linked `Table` resource where SST exposes it as
 * `SST_RESOURCE_Table` (`sst dev`, `sst shell`), else `TABLE_NAME` (set by the links in `infra/` for the
 * deployed functions, and by users locally), else `tributary`.
 */
export function resolveTableName(env: NodeJS.ProcessEnv = process.env): string {
  const linked = env.SST_RESOURCE_Table;
  if (linked) {
    try {
      const name = (JSON.parse(linked) as { name?: unknown }).name;
      if (typeof name === "string" && name) return name;
    } catch {
      // fall through to TABLE_NAME
    }
  }
  return env.TABLE_NAME || "tributary";
}

/** Creates the low-level and document clients. Local endpoints get dummy credentials when none are set. */
export function createClients(options: ClientOptions = {}, env: NodeJS.ProcessEnv = process.env) {
  const config: DynamoDBClientConfig = {
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    maxAttempts: options.maxAttempts ?? 6,
    retryMode: "standard",
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    if (!env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE) {
      config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
    }
  }
  const client = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { client, doc };
}
