/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Tributary on AWS. Each concern lives in infra/: storage (the table), websub (hub, delivery queue and worker),
 * poller (schedule, queue, workers), api.
 */
export default $config({
  app(input) {
    return {
      name: "tributary",
      removal: ["prod", "production"].includes(input?.stage ?? "") ? "retain" : "remove",
      home: "aws",
    };
  },
  async run() {
    await import("./infra/storage.ts");
    await import("./infra/websub.ts");
    await import("./infra/poller.ts");
    const { router } = await import("./infra/api.ts");
    return { url: router.url };
  },
});
