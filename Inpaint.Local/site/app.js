// Inpaint web page: talks to the public API only (X-Api-Key), no external assets.
"use strict";

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = "inpaint.apiKey";
// Where the API is: the page's own origin (inpaint serve), or the base URL in <meta name="inpaint-api"> when the
// folder is hosted elsewhere (for example "https://NAME.azurewebsites.net/api"; that API must then allow the page's origin).
const API_BASE = (document.querySelector("meta[name=inpaint-api]")?.content || "").replace(/\/$/, "");
const FIELD_INPUTS = {
  image: "photo-file", masking_prompt: "masking-prompt", mask_image: "mask-file", inpainting_prompt: "inpainting-prompt",
  creativity: "creativity", n_samples: "samples", seed: "seed", resolution: "resolution", mask_expand: "mask-expand", mask_blur: "mask-blur",
};

const state = { image: null, photoUrl: null, mask: null, drawnDirty: false, drawnRef: null, task: null, previewTimer: 0, previewSeq: 0 };

class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail || problem?.title || `HTTP ${status}`); this.status = status; this.problem = problem || {}; }
}

// ---- API ----
async function api(method, path, body, contentType) {
  const headers = { "X-Api-Key": localStorage.getItem(KEY_STORAGE) || "" };
  if (contentType) headers["Content-Type"] = contentType;
  let response;
  try {
    response = await fetch(API_BASE + path, { method, headers, body });
  } catch (e) {
    throw new ApiError(0, { title: "Network error", detail: `Could not reach the API (${e.message}). Is inpaint serve running?` });
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json || { detail: text.slice(0, 200) });
  return json;
}

function explain(error) {
  if (!(error instanceof ApiError)) return `Something went wrong in the page: ${error.message}`;
  const p = error.problem;
  switch (error.status) {
    case 0: return p.detail;
    case 401: return "Your API key was refused (401). Paste the key that inpaint serve printed (or one from inpaint keys create) and press Save key.";
    case 400: {
      const lines = Object.entries(p.errors || {}).map(([field, messages]) => `• ${field}: ${[].concat(messages).join(" ")}`);
      return `Please fix the request (400):\n${lines.length ? lines.join("\n") : p.detail || p.title}`;
    }
    case 402: return `Not enough credits (402): ${p.detail || ""}${p.balance !== undefined ? ` Balance ${p.balance}, this costs ${p.price}.` : ""}`;
    case 404: return `Not found (404): ${p.detail || "the task or upload does not exist for this API key."}`;
    case 409: return `Not possible now (409): ${p.detail || "the task is already finished."}`;
    case 413: return `Too large (413): ${p.detail || "the file is over the size limit."} Try a smaller photo.`;
    case 422: return `Cannot do that (422): ${p.detail || p.title}`;
    default:
      if (error.status >= 500) return `The server failed (${error.status}${p.title ? ` ${p.title}` : ""}). Try again; if it keeps failing, look at the server's log.`;
      return `Request failed (${error.status}): ${p.detail || p.title || ""}`;
  }
}

function showMessage(text, kind = "error") {
  const box = $("message");
  box.textContent = text;
  box.className = kind === "info" ? "info" : "";
  box.hidden = !text;
}

function report(error) {
  showMessage(explain(error));
  document.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  for (const field of Object.keys(error?.problem?.errors || {})) {
    const input = FIELD_INPUTS[field] && $(FIELD_INPUTS[field]);
    if (input) input.setAttribute("aria-invalid", "true");
  }
}

// ---- key ----
function initKey() {
  const stored = localStorage.getItem(KEY_STORAGE);
  if (stored) { $("api-key").value = stored; $("key-state").textContent = "saved"; }
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    localStorage.setItem(KEY_STORAGE, $("api-key").value.trim());
    $("key-state").textContent = "saved";
    showMessage("");
    // A photo chosen while the key was wrong is uploaded now.
    if (!state.image && $("photo-file").files[0]) onPhotoFile();
    loadRecent();
  });
}

// ---- photo ----
async function uploadBlob(blob) {
  const form = new FormData();
  form.append("file", blob, blob.name || "image.png");
  return (await api("POST", "/v2/uploads", form)).reference;
}

function showPhoto(src) {
  const img = $("photo");
  img.onload = () => {
    for (const id of ["overlay", "brush"]) { $(id).width = img.naturalWidth; $(id).height = img.naturalHeight; }
    clearOverlay();
    img.hidden = false;
  };
  img.src = src;
}

async function onPhotoFile() {
  const file = $("photo-file").files[0];
  if (!file) return;
  $("photo-state").textContent = "Uploading…";
  try {
    state.image = await uploadBlob(file);
    if (state.photoUrl) URL.revokeObjectURL(state.photoUrl);
    state.photoUrl = URL.createObjectURL(file);
    showPhoto(state.photoUrl);
    state.drawnDirty = true;
    $("photo-state").textContent = `Uploaded ${file.name}.`;
    showMessage("");
  } catch (e) { $("photo-state").textContent = ""; report(e); }
}

function onPhotoUrl() {
  const url = $("photo-url").value.trim();
  if (!url) return;
  state.image = url;
  state.photoUrl = url;
  showPhoto(url);
  $("photo-state").textContent = "Using the URL (the server fetches it).";
}

// ---- region ----
function region() { return document.querySelector("input[name=region]:checked").value; }

function onRegionChange() {
  const r = region();
  document.querySelectorAll("[data-region]").forEach((el) => { el.hidden = el.dataset.region !== r; });
  $("brush").classList.toggle("off", r !== "draw");
  schedulePreview();
}

function initBrush() {
  const canvas = $("brush");
  const ctx = canvas.getContext("2d");
  let drawing = false, last = null;
  const point = (e) => {
    const rect = canvas.getBoundingClientRect();
    return { x: (e.clientX - rect.left) * canvas.width / rect.width, y: (e.clientY - rect.top) * canvas.height / rect.height };
  };
  const stroke = (from, to) => {
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    ctx.strokeStyle = "rgba(255,255,255,1)";
    ctx.lineCap = "round";
    ctx.lineWidth = Number($("brush-size").value) * scale;
    ctx.beginPath(); ctx.moveTo(from.x, from.y); ctx.lineTo(to.x, to.y); ctx.stroke();
  };
  canvas.addEventListener("pointerdown", (e) => { drawing = true; last = point(e); stroke(last, last); canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener("pointermove", (e) => { if (!drawing) return; const p = point(e); stroke(last, p); last = p; });
  const end = () => { if (!drawing) return; drawing = false; state.drawnDirty = true; schedulePreview(); };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  $("brush-clear").addEventListener("click", () => { ctx.clearRect(0, 0, canvas.width, canvas.height); state.drawnDirty = true; clearOverlay(); });
}

function drawnMaskBlob() {
  const brush = $("brush");
  const out = document.createElement("canvas");
  out.width = brush.width; out.height = brush.height;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#000"; ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(brush, 0, 0);
  return new Promise((resolve) => out.toBlob((b) => { b.name = "mask.png"; resolve(b); }, "image/png"));
}

async function regionArgs() {
  const r = region();
  if (r === "prompt") return { masking_prompt: $("masking-prompt").value };
  if (r === "foreground") return { use_rembg: true, inpaint_foreground: true };
  if (r === "background") return { use_rembg: true, inpaint_foreground: false };
  if (r === "mask") {
    const file = $("mask-file").files[0];
    if (!file) return {};
    if (!state.mask || state.mask.file !== file) state.mask = { file, ref: await uploadBlob(file) };
    return { mask_image: state.mask.ref };
  }
  if (state.drawnDirty || !state.drawnRef) { state.drawnRef = await uploadBlob(await drawnMaskBlob()); state.drawnDirty = false; }
  return { mask_image: state.drawnRef };
}

async function args() {
  const a = {
    image: state.image,
    ...(await regionArgs()),
    mask_expand: Number($("mask-expand").value),
    mask_blur: Number($("mask-blur").value),
    resolution: Number($("resolution").value),
  };
  return a;
}

// ---- preview ----
function clearOverlay() { const c = $("overlay"); c.getContext("2d").clearRect(0, 0, c.width, c.height); }

function schedulePreview() {
  clearTimeout(state.previewTimer);
  if (!state.image) return;
  const r = region();
  if (r === "prompt" && !$("masking-prompt").value.trim()) return;
  if (r === "mask" && !$("mask-file").files[0]) return;
  state.previewTimer = setTimeout(preview, 250);
}

async function preview() {
  if (!state.image) { showMessage("Choose a photo first."); $("photo-file").focus(); return; }
  const seq = ++state.previewSeq;
  $("preview-state").textContent = "Previewing…";
  try {
    const result = await api("POST", "/v2/masks/preview", JSON.stringify({ tool: "flux_inpainting", args: await args() }), "application/json");
    if (seq !== state.previewSeq) return;
    // One overlay per crop: a region in parts far apart is regenerated in a crop per part.
    const overlays = await Promise.all(result.parts.map(p => new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = reject;
      image.src = p.overlay;
    })));
    if (seq !== state.previewSeq) return;
    const c = $("overlay");
    if (c.width !== result.width || c.height !== result.height) { c.width = result.width; c.height = result.height; }
    const ctx = c.getContext("2d");
    ctx.clearRect(0, 0, c.width, c.height);
    result.parts.forEach((p, i) => {
      ctx.globalAlpha = 0.6;
      ctx.drawImage(overlays[i], p.crop.x, p.crop.y, p.crop.width, p.crop.height);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = "#ffdd00"; ctx.setLineDash([8, 6]); ctx.lineWidth = Math.max(2, c.width / 400);
      ctx.strokeRect(p.crop.x, p.crop.y, p.crop.width, p.crop.height);
    });
    const crops = result.parts.length === 1
      ? `crop ${result.crop.width}×${result.crop.height} at ${result.crop.x},${result.crop.y}`
      : `${result.parts.length} crops (${result.parts.map(p => `${p.crop.width}×${p.crop.height} at ${p.crop.x},${p.crop.y}`).join("; ")})`;
    $("preview-state").textContent = `Mask covers ${(result.coverage * 100).toFixed(1)}% of the photo; ${crops} (free, ${result.cost} credits).`;
    $("stage").dataset.preview = "shown";
    showMessage("");
  } catch (e) { if (seq === state.previewSeq) { $("preview-state").textContent = ""; report(e); } }
}

// ---- create and follow ----
async function create() {
  if (!state.image) { showMessage("Choose a photo first."); $("photo-file").focus(); return; }
  const button = $("create");
  button.disabled = true;
  try {
    const a = await args();
    a.inpainting_prompt = $("inpainting-prompt").value;
    a.creativity = Number($("creativity").value);
    a.n_samples = Number($("samples").value);
    if ($("seed").value !== "") a.seed = Number($("seed").value);
    const created = await api("POST", "/v2/tasks/create", JSON.stringify({ tool: "flux_inpainting", args: a }), "application/json");
    showMessage("");
    await follow(created.task._id);
  } catch (e) { report(e); } finally { button.disabled = false; }
}

async function follow(id) {
  const started = performance.now();
  const bar = $("task-progress");
  bar.hidden = false; bar.removeAttribute("value");
  for (;;) {
    const task = (await api("GET", `/v2/tasks/${encodeURIComponent(id)}`)).task;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const step = task.progress?.step ? `: ${task.progress.step}` : "";
    $("task-state").textContent = `Task ${id}: ${task.status}${step} (${seconds} s)`;
    if (["completed", "failed", "cancelled"].includes(task.status)) {
      bar.hidden = true;
      if (task.status === "failed") showMessage(`The task failed: ${task.error || "no message"}`);
      if (task.status === "completed") showResults(task);
      loadRecent();
      return task;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function showResults(task) {
  const gallery = $("gallery");
  gallery.replaceChildren();
  (task.result || []).forEach((sample, i) => {
    for (const file of sample.output) {
      const figure = document.createElement("figure");
      const compare = document.createElement("div");
      compare.className = "compare";
      const before = document.createElement("img");
      before.alt = "Before"; before.src = state.photoUrl || "";
      const after = document.createElement("img");
      after.alt = `After, sample ${i + 1}`; after.className = "after result"; after.src = file.url;
      compare.append(before, after);
      const slider = document.createElement("input");
      slider.type = "range"; slider.min = 0; slider.max = 100; slider.value = 50;
      slider.setAttribute("aria-label", `Before/after comparison, sample ${i + 1}`);
      slider.addEventListener("input", () => { after.style.clipPath = `inset(0 0 0 ${slider.value}%)`; });
      const caption = document.createElement("figcaption");
      const link = document.createElement("a");
      link.href = file.url; link.download = file.filename; link.textContent = `Download ${file.filename}`;
      caption.append(`Sample ${i + 1} (seed ${sample.seed}, ${sample.engine}) `, link);
      figure.append(compare, slider, caption);
      gallery.append(figure);
    }
  });
  $("results-h").focus?.();
}

// ---- recent tasks ----
async function loadRecent() {
  if (!localStorage.getItem(KEY_STORAGE)) return;
  try {
    const page = await api("GET", "/v2/tasks?limit=10");
    const body = $("recent").tBodies[0];
    body.replaceChildren();
    for (const task of page.docs) {
      const row = body.insertRow();
      row.insertCell().textContent = task._id;
      row.insertCell().textContent = new Date(task.createdAt).toLocaleString();
      row.insertCell().textContent = task.status;
      row.insertCell().textContent = task.args.inpainting_prompt || "(remove)";
      const open = document.createElement("button");
      open.type = "button"; open.textContent = "Show"; open.setAttribute("aria-label", `Show task ${task._id}`);
      open.addEventListener("click", async () => {
        try { const t = (await api("GET", `/v2/tasks/${encodeURIComponent(task._id)}`)).task; if (t.status === "completed") showResults(t); else await follow(t._id); }
        catch (e) { report(e); }
      });
      row.insertCell().append(open);
    }
  } catch (e) { report(e); }
}

// ---- wiring ----
function bindOutput(input, output) { $(input).addEventListener("input", () => { $(output).textContent = $(input).value; }); }

initKey();
initBrush();
bindOutput("mask-expand", "mask-expand-value");
bindOutput("mask-blur", "mask-blur-value");
bindOutput("creativity", "creativity-value");
$("photo-file").addEventListener("change", onPhotoFile);
$("photo-url-use").addEventListener("click", onPhotoUrl);
document.querySelectorAll("input[name=region]").forEach((el) => el.addEventListener("change", onRegionChange));
for (const id of ["mask-expand", "mask-blur", "resolution"]) $(id).addEventListener("input", schedulePreview);
$("masking-prompt").addEventListener("change", schedulePreview);
$("mask-file").addEventListener("change", schedulePreview);
$("preview").addEventListener("click", preview);
$("create").addEventListener("click", create);
$("recent-refresh").addEventListener("click", loadRecent);
onRegionChange();
loadRecent();
