// The SDK with a token (Authorization: Bearer) instead of an apiKey; a wrong token is a 401 like a wrong key.
const { client, read, args, done, fail, status } = require("./common.cjs");
(async () => {
  const eden = client({ bearer: true });
  const photo = await eden.media.upload({ media: read(process.env.PHOTO) });
  const mask = await eden.media.upload({ media: read(process.env.MASK) });
  const taskArgs = args(photo.url, mask.url);
  const cost = await eden.tasks.costV2({ tool: "flux_inpainting", args: taskArgs });
  const created = await eden.createV2({ tool: "flux_inpainting", args: taskArgs }, false);
  const got = await eden.tasks.getV2({ taskId: created._id });
  const listed = await eden.tasks.listV2({ taskId: created._id });
  const wrong = await status(() => client({ bearer: true, key: "ik_wrong" }).tasks.listV2({}));
  const tools = await eden.tools.list({});
  const tool = await eden.tools.get({ toolKey: "flux_inpainting" });
  done({ cost, created, got: got.task, listed, wrong, tools, tool });
})().catch(fail);
