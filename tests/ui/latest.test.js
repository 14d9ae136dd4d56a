// The tab switch's ordering (ui/js/latest.js): only the render of the latest tap is drawn.
import { test } from "node:test";
import assert from "node:assert/strict";

import { generations, latestWins } from "../../ui/js/latest.js";

/** A promise and the functions that settle it, so a test decides the order things finish in. */
function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

function recorder() {
  const drawn = [];
  const failed = [];
  const run = latestWins({ draw: (x) => drawn.push(x), fail: (e) => failed.push(e.message) });
  return { drawn, failed, run };
}

test("a generation stays current only until the next one begins", () => {
  const counter = generations();
  const first = counter.begin();
  assert.equal(first(), true);
  const second = counter.begin();
  assert.equal(first(), false);
  assert.equal(second(), true);
});

test("a slow render of an earlier tab finishing last is not drawn", async () => {
  const { drawn, run } = recorder();
  const slowA = deferred();
  const fastB = deferred();
  const a = run(() => slowA.promise);
  const b = run(() => fastB.promise);
  fastB.resolve("B");
  assert.equal(await b, "drawn");
  slowA.resolve("A");
  assert.equal(await a, "stale");
  assert.deepEqual(drawn, ["B"]);
});

test("renders finishing in the order they started draw only the last one", async () => {
  const { drawn, run } = recorder();
  const a = deferred();
  const b = deferred();
  const first = run(() => a.promise);
  const second = run(() => b.promise);
  a.resolve("A");
  assert.equal(await first, "stale");
  b.resolve("B");
  assert.equal(await second, "drawn");
  assert.deepEqual(drawn, ["B"]);
});

test("an error of a superseded render is dropped; the latest one's is reported", async () => {
  const { drawn, failed, run } = recorder();
  const a = deferred();
  const b = deferred();
  const first = run(() => a.promise);
  const second = run(() => b.promise);
  a.reject(new Error("A broke"));
  assert.equal(await first, "stale");
  b.reject(new Error("B broke"));
  assert.equal(await second, "failed");
  assert.deepEqual(failed, ["B broke"]);
  assert.deepEqual(drawn, []);
});

test("the work can ask whether it is still current, and a lone run is drawn", async () => {
  const { drawn, run } = recorder();
  const seen = [];
  const gate = deferred();
  const first = run(async (isCurrent) => {
    await gate.promise;
    seen.push(isCurrent());
    return "A";
  });
  const second = run(async (isCurrent) => {
    seen.push(isCurrent());
    return "B";
  });
  assert.equal(await second, "drawn");
  gate.resolve();
  assert.equal(await first, "stale");
  assert.deepEqual(seen, [true, false]);
  assert.deepEqual(drawn, ["B"]);
});
