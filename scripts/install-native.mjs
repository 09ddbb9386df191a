// Root `postinstall` (npm ci / npm install): builds better-sqlite3, the project's one native addon,
// for the Node that runs the project, and checks that it loads.
//
// Why here and not in better-sqlite3's own install script (denied in package.json `allowScripts`):
// npm may run on another Node than the project (Node 20 on this machine and in CI; the app, the
// worker, the tests and the benchmarks run on Node 22 from the `node` package, first on PATH in
// every npm script), and ~/.npmrc may point node-gyp at that other Node's headers (nodedir=/usr).
// An addon built against the wrong headers fails to load ("compiled against a different Node.js
// version"). This script runs on the project's Node, finds that Node's own headers (the `node`
// package ships them) and builds once against them; when the addon already loads, it does nothing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const require = createRequire(path.join(root, "package.json"));
const wanted = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies.node;
const log = (message) => process.stderr.write(`[install-native] ${message}\n`);

if (process.versions.node !== wanted) {
  throw new Error(
    `running on Node ${process.versions.node}, expected ${wanted} from node_modules/.bin/node: run this through npm (npm ci), which puts it first on PATH`,
  );
}

function loads() {
  // A fresh process: a failed dlopen cannot be retried in this one.
  try {
    execFileSync(process.execPath, ["-e", "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

if (loads()) {
  log(`better-sqlite3 loads on Node ${process.versions.node}`);
} else {
  const npm = process.env.npm_execpath;
  if (!npm) throw new Error("run this through npm (npm ci)");
  // Node's headers: beside a system install (/usr/bin/node -> /usr/include/node) or in the
  // platform package the `node` package installs (node_modules/node/bin/node is a hard link to it).
  const platformPackage = path.join(root, "node_modules/node/node_modules", `node-${process.platform}-${process.arch}`);
  const findHeaders = () =>
    [path.resolve(path.dirname(process.execPath), ".."), platformPackage].find((dir) =>
      fs.existsSync(path.join(dir, "include/node/node_version.h")),
    );
  let nodedir = findHeaders();
  if (!nodedir && fs.existsSync(path.join(root, "node_modules/node"))) {
    // npm installs the platform package outside the lock file and prunes it on a later
    // `npm install <pkg>` (the binary survives as the hard link): the `node` package's own
    // install script brings it back.
    log("fetching Node's headers again (npm rebuild node)");
    execFileSync(process.execPath, [npm, "rebuild", "node"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    nodedir = findHeaders();
  }
  if (!nodedir) throw new Error(`no headers for Node ${process.versions.node} found`);
  // npm's own node-gyp (npm sets npm_config_node_gyp for lifecycle scripts).
  const nodeGyp = process.env.npm_config_node_gyp ?? path.join(path.dirname(npm), "../node_modules/node-gyp/bin/node-gyp.js");
  if (!fs.existsSync(nodeGyp)) throw new Error(`node-gyp not found at ${nodeGyp}`);
  const addon = path.dirname(require.resolve("better-sqlite3/package.json"));
  log(`building better-sqlite3 for Node ${process.versions.node} (headers in ${path.relative(root, nodedir) || nodedir})`);
  const started = Date.now();
  try {
    // The compiler's warnings are better-sqlite3's, not ours: shown only when the build fails.
    execFileSync(process.execPath, [nodeGyp, "rebuild", "--release", `--nodedir=${nodedir}`], {
      cwd: addon,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, npm_config_nodedir: nodedir },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw error;
  }
  if (!loads()) throw new Error("better-sqlite3 was built but does not load");
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
