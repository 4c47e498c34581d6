/** The baseline of the lambda benchmark: a hello-world Hono app as a Lambda handler, bundled like the real ones. */
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const app = new Hono();
app.get("/", (c) => c.text("Hello"));

export const handler = handle(app);
