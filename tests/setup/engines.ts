import type { TestProject } from "vitest/node";
import { type Engine, startEngine } from "../../local/engine.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbLocalEndpoint: string;
    dynaliteEndpoint: string;
  }
}

/** Starts the real engines once for the whole run: DynamoDB Local (Java 17) and dynalite, both in memory. */
export default async function setup(project: TestProject) {
  const engines: Engine[] = [];
  const local = await startEngine({ kind: "dynamodb-local" });
  engines.push(local);
  const lite = await startEngine({ kind: "dynalite" });
  engines.push(lite);
  project.provide("dynamodbLocalEndpoint", local.endpoint);
  project.provide("dynaliteEndpoint", lite.endpoint);
  return async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
  };
}
