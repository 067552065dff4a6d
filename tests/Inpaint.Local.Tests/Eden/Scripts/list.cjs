// tasks.listV2 with Eden's page numbers and each filter (TASK_IDS: the caller's tasks, newest first).
const { client, done, fail } = require("./common.cjs");
(async () => {
  const eden = client();
  const ids = process.env.TASK_IDS.split(",");
  const page = (o) => eden.tasks.listV2(o);
  done({
    first: await page({ page: 1, limit: 2 }),
    second: await page({ page: 2, limit: 2 }),
    byId: await page({ taskId: [ids[0], ids[2]] }),
    byStatus: await page({ status: ["completed"], tool: "flux_inpainting" }),
    otherTool: await page({ tool: "txt2img" }),
    concepts: await page({ type: "concepts" }),
    creations: await page({ type: "creations", output_type: "image" }),
    videos: await page({ output_type: "video" }),
  });
})().catch(fail);
