import { validateConfig } from "@tributary/core/config";
import { openStore, resolveTableName } from "@tributary/core/store";
import { handle } from "hono/aws-lambda";
import configInput from "../../tributary.config.ts";
import { createApp } from "./app.ts";

// Built once per Lambda instance: the configuration is bundled at deploy time, the table is the linked one.
const config = validateConfig(configInput);
const store = await openStore({ retentionDays: config.retentionDays, tableName: resolveTableName() });

/** The API as a Lambda function URL handler; CloudFront in front sets X-Forwarded-Host to the reader's host. */
export const handler = handle(createApp({ config, store, trustForwardedHost: true }));
