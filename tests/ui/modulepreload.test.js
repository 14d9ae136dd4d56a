// index.html names every module the page loads at start in a <link rel="modulepreload">, so
// WebKit fetches them all at once instead of one import level after another. This test walks
// the static import graph from js/app.js (the screens other than Today are imported
// dynamically, when first shown) and checks that the list is exactly that graph.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "ui");

function importsOf(file) {
  const source = readFileSync(join(ui, file), "utf8");
  const found = [];
  for (const match of source.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"/gms)) found.push(match[1]);
  for (const match of source.matchAll(/^\s*import\s+"([^"]+)"/gm)) found.push(match[1]);
  return found.map((spec) => relative(ui, normalize(join(ui, dirname(file), spec))));
}

function graph(entry) {
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(file)) walk(next);
  };
  walk(entry);
  return seen;
}

test("every module of the import graph is preloaded, and nothing else", () => {
  const html = readFileSync(join(ui, "index.html"), "utf8");
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.equal(new Set(preloaded).size, preloaded.length, "no module listed twice");
  assert.deepEqual(new Set(preloaded), graph("js/app.js"));
});

test("the walk finds nested imports", () => {
  const modules = graph("js/app.js");
  assert.ok(modules.has("js/screens/daylog.js"), "imported by today.js, not by app.js");
  assert.ok(modules.has("js/daylog-text.js"));
});

test("only Today's code is loaded at start; every other screen is loaded when shown", () => {
  const modules = graph("js/app.js");
  assert.ok(modules.has("js/screens/today.js"));
  for (const screen of ["check", "progress", "learn", "settings", "experiment", "report"]) {
    assert.ok(!modules.has(`js/screens/${screen}.js`), `${screen} is not in the start's graph`);
  }
  const app = readFileSync(join(ui, "js/app.js"), "utf8");
  for (const screen of ["check", "progress", "learn", "settings", "experiment"]) {
    assert.ok(app.includes(`import("./screens/${screen}.js")`), `${screen} is imported when shown`);
  }
});
