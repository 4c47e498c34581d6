import type { AddressInfo, Socket } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import type { Config } from "@tributary/core/config";
import { Hono } from "hono";
import { type AppDeps, createApp } from "./app.ts";
import { answerClientError, type ParserError } from "./http/client-errors.ts";
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
  /**
   * Serves `config` from the next request on (a reloaded configuration file): a new app, so its caches and the
   * configuration's part of every ETag start afresh; `hub` replaces the `/websub` app when given.
   */
  reconfigure(config: Config, hub?: ServerOptions["hub"]): void;
  close(): Promise<void>;
}

/**
 * Serves the app over HTTP on Node, gzip when the client accepts it (`withContentCoding`: the gzipped
 * representation has its own ETag); `/websub` goes to the hub when one is given. `reconfigure` swaps the
 * configuration between requests.
 * @example
 * const server = await startServer({ config, store, port: 3000 });
 * console.log(server.url);
 * await server.close();
 */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  let app = createApp(options);
  let site = options.config.title;
  let hub = options.hub;
  const outer = new Hono<{ Bindings: HttpBindings }>();
  if (hub) outer.all("/websub", async (c) => withContentCoding(c.req.raw, await (hub ?? app).fetch(c.req.raw)));
  outer.all("*", async (c) => withContentCoding(c.req.raw, await app.fetch(c.req.raw, c.env)));
  const reconfigure = (config: Config, nextHub?: ServerOptions["hub"]) => {
    app = createApp({ ...options, config });
    site = config.title;
    if (nextHub) hub = nextHub;
  };
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
          reconfigure,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
    // What Node's parser refuses before the app sees it (a raw non-ASCII URL, headers over 16 KiB): said as the app
    // says its errors, not as Node's empty 400 and 431.
    server.on("clientError", (error: ParserError, socket: Socket) => {
      answerClientError(error, socket, site).catch(() => socket.destroy());
    });
  });
}
