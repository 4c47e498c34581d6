import { handle } from "hono/aws-lambda";
import { validateConfig } from "../../packages/core/src/config/index.ts";
import { openStore, resolveTableName } from "../../packages/core/src/store/index.ts";
import configInput from "../../tributary.config.ts";
import { createApp } from "./app.ts";

// Built once per Lambda instance: the configuration is bundled at deploy time, the table is the linked one.
const config = validateConfig(configInput);
const store = await openStore({ retentionDays: config.retentionDays, tableName: resolveTableName() });

/** The API as a Lambda function URL handler; CloudFront in front sets X-Forwarded-Host to the reader's host. */
export const handler = handle(createApp({ config, store, trustForwardedHost: true }));
