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
    const { deliveryWorker, hub } = await import("./infra/websub.ts");
    const { schedule, worker } = await import("./infra/poller.ts");
    const { api, router } = await import("./infra/api.ts");
    // The functions' names, which SST gives per app and stage: for `aws lambda invoke` and their log groups.
    return {
      url: router.url,
      scheduleFunction: schedule.nodes.function.apply((fn) => fn.name),
      workerFunction: worker.nodes.function.apply((fn) => fn.name),
      apiFunction: api.name,
      hubFunction: hub.name,
      deliveryFunction: deliveryWorker.nodes.function.apply((fn) => fn.name),
    };
  },
});
