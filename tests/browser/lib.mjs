// Shared helpers of the browser tests: find playwright-core and Chromium,
// serve the built site over HTTP, open pages. Nothing here is installed into
// the repository: playwright-core comes from $SITE_AUDIT_HOME/node_modules
// (default ~/.cache/site-audit/node_modules), which `site-audit --install`
// fills, or which .ci/run fills with `npm install --prefix`.
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The built site under test (the demo portal by default). */
export const PUBLIC = resolve(process.env.KHEO_PUBLIC || join(ROOT, "public"));
/** Where screenshots go (kept as CI artifacts). */
export const SHOTS = resolve(process.env.KHEO_SHOTS || join(ROOT, "target", "browser-shots"));

const CHROMIUM = process.env.SITE_AUDIT_CHROMIUM || "/usr/bin/chromium";
const MODULES = join(process.env.SITE_AUDIT_HOME || join(homedir(), ".cache", "site-audit"), "node_modules");

/** playwright-core, or an error that says how to install it. */
export function playwright() {
  const where = join(MODULES, "playwright-core", "package.json");
  if (!existsSync(where)) {
    throw new Error(
      `playwright-core is not installed in ${MODULES}.\n` +
        "Install it with `../shared/tools/site-audit --install`, or with\n" +
        '`npm install --prefix "$HOME/.cache/kheo-browser" playwright-core@1.65.1 --ignore-scripts`\n' +
        'and SITE_AUDIT_HOME="$HOME/.cache/kheo-browser".',
    );
  }
  return createRequire(where)("playwright-core");
}

/** The source of axe-core (from the same node_modules as playwright-core). */
export function axeSource() {
  const where = join(MODULES, "axe-core", "axe.min.js");
  if (!existsSync(where)) {
    throw new Error(
      `axe-core is not installed in ${MODULES}.\n` +
        "Install it with `../shared/tools/site-audit --install`, or with\n" +
        '`npm install --prefix "$HOME/.cache/kheo-browser" axe-core@4.14.1 --ignore-scripts`.',
    );
  }
  return readFileSync(where, "utf8");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** The file a URL path means: `/a/` is `a/index.html`; null when there is none. */
function fileFor(dir, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = normalize(join(dir, rel));
  if (full !== dir && !full.startsWith(dir + sep)) return null;
  for (const candidate of [full, join(full, "index.html")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* try the next one */
    }
  }
  return null;
}

/** Serves `dir` on 127.0.0.1 at a free port, like a plain static host. */
export async function serve(dir = PUBLIC) {
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`${dir}/index.html does not exist: build the demo first (cargo run --release -- build)`);
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = fileFor(dir, path);
    if (!file) {
      const missing = join(dir, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(existsSync(missing) ? readFileSync(missing) : "not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file).toLowerCase()] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Chromium. Playwright starts it with a new, empty profile
 * (a temporary --user-data-dir) each time; every test opens its own context. */
export async function browser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set SITE_AUDIT_CHROMIUM)`);
  }
  const { chromium } = playwright();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Only requests to `origin` may leave the page: anything else is recorded and blocked. */
export async function confine(context, origin, blocked) {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
}

/** The release binary `cargo run --release` built (or $KHEO_BIN). */
export function kheoBinary() {
  const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
  const bin = process.env.KHEO_BIN || join(target, "release", process.platform === "win32" ? "kheo.exe" : "kheo");
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: build it first (cargo build --release), or set KHEO_BIN`);
  }
  return bin;
}

/** Starts `kheo serve --root <root> --port 0` and waits (up to `startMs`)
 * for the address it prints. `lines` collects everything it writes, for
 * assertions and for diagnosing a failure. */
export async function kheoServe(root, args = [], { startMs = 60_000 } = {}) {
  const { spawn } = await import("node:child_process");
  const child = spawn(kheoBinary(), ["serve", "--root", root, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", KHEO_LANG: "en" },
  });
  const lines = [];
  let waiting;
  const origin = new Promise((ok, fail) => {
    waiting = { ok, fail };
    child.on("exit", (code) => fail(new Error(`kheo serve exited (${code}):\n${lines.join("\n")}`)));
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop();
      for (const line of parts) {
        lines.push(line);
        const url = /^kheo serve: (http:\/\/[^ ]+)\/ /.exec(line);
        if (url) waiting.ok(url[1]);
      }
    });
  }
  const timer = setTimeout(() => waiting.fail(new Error(`kheo serve did not start:\n${lines.join("\n")}`)), startMs);
  try {
    return {
      origin: await origin,
      lines,
      pid: child.pid,
      close: () =>
        new Promise((ok) => {
          if (child.exitCode !== null) return ok();
          child.on("exit", ok);
          child.kill("SIGINT");
        }),
    };
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
