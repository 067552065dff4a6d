// createV2 without awaiting a long task, then tasks.cancelV2 and tasks.getV2.
const { client, read, args, done, fail, status } = require("./common.cjs");
(async () => {
  const eden = client();
  const photo = await eden.media.upload({ media: read(process.env.PHOTO) });
  const mask = await eden.media.upload({ media: read(process.env.MASK) });
  const task = await eden.createV2({ tool: "flux_inpainting", args: args(photo.url, mask.url, { n_samples: 4, resolution: 1536 }) }, false);
  const cancelled = await eden.tasks.cancelV2({ taskId: task._id });
  const got = await eden.tasks.getV2({ taskId: task._id });
  const again = await status(() => eden.tasks.cancelV2({ taskId: task._id }));
  done({ cancelled, got: got.task, again });
})().catch(fail);
