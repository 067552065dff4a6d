// Shared by the scenario scripts: Eden's SDK, unchanged, pointed at the local stack (EDEN_URL) with a key (EDEN_KEY).
const fs = require("fs");
const { EdenClient } = require(process.env.EDEN_SDK_MODULE);

exports.client = ({ bearer = false, key = process.env.EDEN_KEY } = {}) =>
  new EdenClient(bearer
    ? { edenApiUrl: process.env.EDEN_URL, token: key }
    : { edenApiUrl: process.env.EDEN_URL, apiKey: key });

exports.read = (path) => fs.readFileSync(path);

exports.args = (photo, mask, extra = {}) =>
  ({ image: photo, mask_image: mask, inpainting_prompt: "moss", resolution: 512, ...extra });

// The test reads the last line that starts with RESULT (the SDK logs to stdout too).
exports.done = (value) => {
  process.stdout.write("\nRESULT " + JSON.stringify(value) + "\n", () => process.exit(0));
};

exports.fail = (e) => {
  console.error("FAILED", e?.response?.status ?? "", JSON.stringify(e?.response?.data ?? ""), e?.stack ?? e);
  process.exit(1);
};

// An axios error's status, for calls that must be refused.
exports.status = async (call) => {
  try { await call(); return 200; } catch (e) { if (e?.response) return e.response.status; throw e; }
};
