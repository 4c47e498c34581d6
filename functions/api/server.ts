import type { AddressInfo } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import { Hono } from "hono";
import { type AppDeps, createApp } from "./app.ts";
import { withContentCoding } from "./http/compression.ts";

/** Where to listen. Port 0 picks a free one. */
export interface ServerOptions extends AppDeps {
  port: number;
  hostname?: string;
  /** The WebSub hub's app, answering `/websub` (the API app itself only reads). */
  hub?: { fetch(request: Request): Response | Promise<Response> };
}

/** A running server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the app over HTTP on Node, gzip when the client accepts it (`withContentCoding`: the gzipped
 * representation has its own ETag); `/websub` goes to the hub when one is given.
 * @example
 * const server = await startServer({ config, store, port: 3000 });
 * console.log(server.url);
 * await server.close();
 */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  const outer = new Hono<{ Bindings: HttpBindings }>();
  const hub = options.hub;
  if (hub) outer.all("/websub", async (c) => withContentCoding(c.req.raw, await hub.fetch(c.req.raw)));
  outer.all("*", async (c) => withContentCoding(c.req.raw, await app.fetch(c.req.raw, c.env)));
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: outer.fetch, port: options.port, hostname: options.hostname },
      (info: AddressInfo) => {
        const host =
          !options.hostname || options.hostname === "0.0.0.0" || options.hostname === "::"
            ? "localhost"
            : options.hostname;
        const shown = host.includes(":") ? `[${host}]` : host;
        resolve({
          url: `http://${shown}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
