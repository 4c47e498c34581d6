import { OpenAPIHono } from "@hono/zod-openapi";
import { badRequest } from "./params.ts";

/**
 * A sub-app of the JSON API whose validation failures become BadRequestError (naming the parameter), mapped
 * to a 400 problem by the app's one error handler.
 * @example
 * export const topicRoutes = (s: Services) => newRouter().openapi(topicItems, (c) => …);
 */
export function newRouter() {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw badRequest(result.error, result.target);
    },
  });
}
