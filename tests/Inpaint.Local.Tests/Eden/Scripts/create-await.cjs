// createV2 awaiting the result: the SDK creates, then follows GET /v2/tasks/events?taskId= until "completed".
const { client, read, args, done, fail } = require("./common.cjs");
(async () => {
  const eden = client();
  const photo = await eden.media.upload({ media: read(process.env.PHOTO) });
  const mask = await eden.media.upload({ media: read(process.env.MASK) });
  const result = await eden.createV2({ tool: "flux_inpainting", args: args(photo.url, mask.url, { n_samples: 2 }) });
  const listed = await eden.tasks.listV2({ limit: 1 });
  done({ result, task: listed.docs[0] });
})().catch(fail);
