// Build the wirecoder front-end into src/wirecoder/web/static/ (served by `wirecoder serve`).
//
//   npm run build          one minified build
//   npm run watch          rebuild on change (development)
//
// Output (the folder is emptied first):
//   index.html                  copied from web/src/index.html
//   assets/app.js               web/src/main.js and everything it imports (d3, topojson-client)
//   assets/app.css              web/src/style.css (imported by main.js)
//   assets/countries-110m.json  copied from the world-atlas npm package
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const out = resolve(web, "..", "src", "wirecoder", "web", "static");
const assets = join(out, "assets");
const watch = process.argv.includes("--watch");
const require = createRequire(import.meta.url);

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
cpSync(join(web, "src", "index.html"), join(out, "index.html"));
cpSync(require.resolve("world-atlas/countries-110m.json"), join(assets, "countries-110m.json"));

const options = {
  entryPoints: { app: join(web, "src", "main.js") },
  outdir: assets,
  bundle: true,
  format: "esm",
  target: ["es2020"],
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  legalComments: "none",
  logLevel: "info",
};

// Our own sources never parse strings as HTML and never write inline style attributes:
// API data (article text above all) goes into the page through textContent only.
function checkSources(dir) {
  const banned = [
    /\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/,
    /\.html\(/, /setAttribute\(\s*["'`]style/, /\.attr\(\s*["'`]style/, /\beval\(/,
    /new Function\(/, /https?:\/\//,
  ];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { checkSources(path); continue; }
    if (!/\.(js|css|html)$/.test(entry.name)) continue;
    readFileSync(path, "utf8").split("\n").forEach((line, i) => {
      for (const re of banned) {
        if (re.test(line)) fail(`${path}:${i + 1}: ${re} is not allowed (see web/README.md)`);
      }
    });
  }
}

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log(`watching web/src → ${out}`);
} else {
  checkSources(join(web, "src"));
  await esbuild.build(options);
  // The page runs under a CSP without 'unsafe-eval': fail the build if eval crept in.
  const js = readFileSync(join(assets, "app.js"), "utf8");
  for (const bad of ["eval(", "new Function("]) {
    if (js.includes(bad)) fail(`assets/app.js contains ${bad}`);
  }
  console.log(`built ${out}`);
}
