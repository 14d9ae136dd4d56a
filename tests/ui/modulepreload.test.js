// index.html names every module the page loads in a <link rel="modulepreload">, so WebKit
// fetches them all at once instead of one import level after another. This test walks the
// import graph from js/app.js and checks that the list is exactly that graph.

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
