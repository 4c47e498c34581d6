import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cors } from "hono/cors";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { isMachinePath } from "./http/machine-paths.ts";
import { methodProblem, notFoundProblem, type Problem, problemResponse, toProblem } from "./http/problem.ts";
import { openApiDocument } from "./openapi.ts";
import { renderErrorPage } from "./pages/error.tsx";
import { pageRoutes } from "./pages/routes.tsx";
import { feedRoutes } from "./routes/feeds.ts";
import { healthRoutes } from "./routes/health.ts";
import { itemRoutes } from "./routes/items.ts";
import { sourceRoutes } from "./routes/sources.ts";
import { storyRoutes } from "./routes/stories.ts";
import { topicRoutes } from "./routes/topics.ts";
import { type AppDeps, createServices } from "./services.ts";

export type { AppDeps } from "./services.ts";

async function answerProblem(c: Context, site: string, problem: Problem): Promise<Response> {
  if (isMachinePath(c.req.path)) return problemResponse(c, problem);
  const body = await renderErrorPage(site, problem);
  return c.newResponse(body, problem.status as 404, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
  });
}

/**
 * The methods the routes of `app` take at a path, from its routes (`app.routes`, read on first use, once every route
 * is added): each route's own, HEAD with GET (Hono answers HEAD as GET), and OPTIONS (CORS preflights, and the list
 * itself); empty when no route serves the path. Matched as the app's own router matches (strict paths).
 * @example allowedMethods(app)("/api/topics") // ["GET", "HEAD", "OPTIONS"]
 */
export function allowedMethods(app: {
  routes: readonly { method: string; path: string }[];
}): (path: string) => string[] {
  let router: SmartRouter<string> | undefined;
  return (path) => {
    if (!router) {
      router = new SmartRouter<string>({ routers: [new RegExpRouter(), new TrieRouter()] });
      for (const route of app.routes) if (route.method !== "ALL") router.add("ALL", route.path, route.method);
    }
    const methods = new Set(router.match("GET", path)[0].map(([method]) => method));
    if (methods.size === 0) return [];
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    return [...methods];
  };
}

/**
 * The Tributary HTTP app: pages, feeds, the JSON API and its OpenAPI description, /health.
 * The same app serves tests (`app.request`), the local server and Lambda.
 * @example
 * const app = createApp({ config, store });
 * const res = await app.request("/feeds/ukraine-war.rss");
 */
export function createApp(deps: AppDeps) {
  const s = createServices(deps);
  const app = new OpenAPIHono();
  const shared = cors({
    origin: "*",
    allowMethods: ["GET", "HEAD", "OPTIONS"],
    exposeHeaders: ["ETag", "Last-Modified"],
  });
  // Every OPTIONS answer names the methods of its path, the CORS preflights' included (RFC 9110 §9.3.7).
  const allowed = allowedMethods(app);
  app.use("*", async (c, next) => {
    await next();
    const methods = c.req.method === "OPTIONS" && c.res.status === 204 ? allowed(c.req.path) : [];
    if (methods.length > 0) c.res.headers.set("Allow", methods.join(", "));
  });
  app.use("/api/*", shared);
  app.use("/feeds/*", shared);
  app.use("/feeds.opml", shared);
  app.use("/openapi.json", shared);

  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem.status >= 500) console.error(`${c.req.method} ${c.req.path}: ${(error as Error).message}`);
    return answerProblem(c, s.config.title, problem);
  });
  // A path a route serves, asked with a method none takes: 405 with Allow (RFC 9110 §15.5.6); OPTIONS lists them.
  app.notFound(async (c) => {
    const methods = allowed(c.req.path);
    const method = c.req.method;
    if (methods.length === 0 || (methods.includes(method) && method !== "OPTIONS")) {
      return answerProblem(c, s.config.title, notFoundProblem(c.req.path));
    }
    const allow = methods.join(", ");
    if (c.req.method === "OPTIONS") return c.body(null, 204, { Allow: allow });
    const res = await answerProblem(c, s.config.title, methodProblem(method, c.req.path, allow));
    res.headers.set("Allow", allow);
    return res;
  });

  app.doc31("/openapi.json", (c) => openApiDocument(c, s));

  return app
    .route("/", pageRoutes(s))
    .route("/", feedRoutes(s))
    .route("/", healthRoutes(s))
    .route("/api", topicRoutes(s))
    .route("/api", sourceRoutes(s))
    .route("/api", itemRoutes(s))
    .route("/api", storyRoutes(s));
}

/** The app's type, for a typed `hc` client. */
export type AppType = ReturnType<typeof createApp>;
