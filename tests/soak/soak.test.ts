/**
 * The model-based soak, short: fixed seeds, a few rounds each, every round checked against the model (see
 * run.ts). `npm run soak -- --cycles N --seed S` runs long ones.
 */
import { describe, expect, it } from "vitest";
import { engineEndpoint } from "../helpers/store.ts";
import { runSoak } from "./run.ts";

describe("soak: publisher changes, storage faults and concurrent cycles against a model", () => {
  it.each([101, 202])(
    "seed %i: the store and the served lists equal the model after every round",
    async (seed) => {
      const report = await runSoak({ endpoint: engineEndpoint(), seed, cycles: 6 });
      const divergence = report.divergence;
      expect(
        divergence,
        divergence ? `seed ${seed}:\n${divergence.problems.join("\n")}\n${divergence.trace}` : "",
      ).toBeNull();
      expect(report.rounds).toBe(6);
      expect(report.polls).toBeGreaterThanOrEqual(6 * 3);
    },
    60_000,
  );
});
