import { handle } from "hono/aws-lambda";
import { bundledConfig, linkedStore } from "../runtime.ts";
import { createApp } from "./app.ts";

// Built once per Lambda instance: the configuration is bundled at deploy time, the table is the linked one.
const config = bundledConfig();
const store = await linkedStore(config);

/** The API as a Lambda function URL handler; CloudFront in front sets X-Forwarded-Host to the reader's host. */
export const handler = handle(createApp({ config, store, trustForwardedHost: true }));
