// Another user's media url (FOREIGN_URL) given as image: refused with a 400, never fetched.
const { client, read, args, done, fail, status } = require("./common.cjs");
(async () => {
  const eden = client();
  const mask = await eden.media.upload({ media: read(process.env.MASK) });
  const refused = await status(() => eden.createV2({ tool: "flux_inpainting", args: args(process.env.FOREIGN_URL, mask.url) }, false));
  done({ refused });
})().catch(fail);
