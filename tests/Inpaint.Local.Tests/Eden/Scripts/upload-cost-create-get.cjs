// media.upload (photo and mask) → tasks.costV2 → createV2 without awaiting → tasks.getV2.
const { client, read, args, done, fail } = require("./common.cjs");
(async () => {
  const eden = client();
  const photo = await eden.media.upload({ media: read(process.env.PHOTO) });
  const mask = await eden.media.upload({ media: read(process.env.MASK) });
  const taskArgs = args(photo.url, mask.url, { n_samples: 2, seed: 7 });
  const cost = await eden.tasks.costV2({ tool: "flux_inpainting", args: taskArgs });
  const created = await eden.createV2({ tool: "flux_inpainting", args: taskArgs }, false);
  const got = await eden.tasks.getV2({ taskId: created._id });
  done({ photo, mask, cost, created, got: got.task });
})().catch(fail);
