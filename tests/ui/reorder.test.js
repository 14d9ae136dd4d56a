// Reordering habits by keyboard (ui/js/reorder.js): the moves and where focus stays.
import { test } from "node:test";
import assert from "node:assert/strict";

import { focusAfterMove, moveKey, moveState, moved } from "../../ui/js/reorder.js";

test("the ends cannot move further", () => {
  assert.deepEqual(moveState(0, 3), { up: false, down: true });
  assert.deepEqual(moveState(1, 3), { up: true, down: true });
  assert.deepEqual(moveState(2, 3), { up: true, down: false });
  assert.deepEqual(moveState(0, 1), { up: false, down: false });
});

test("moving swaps with the neighbour; at an end nothing changes", () => {
  assert.deepEqual(moved(["a", "b", "c"], "c", -1), ["a", "c", "b"]);
  assert.deepEqual(moved(["a", "b", "c"], "a", 1), ["b", "a", "c"]);
  assert.deepEqual(moved(["a", "b", "c"], "a", -1), ["a", "b", "c"]);
  assert.deepEqual(moved(["a", "b", "c"], "x", 1), ["a", "b", "c"]);
});

test("focus stays on the moved habit's same button", () => {
  const ids = moved(["a", "b", "c"], "c", -1);
  assert.equal(focusAfterMove(ids, "c", -1), "move-up-c");
  assert.equal(focusAfterMove(moved(["a", "b", "c"], "a", 1), "a", 1), "move-down-a");
});

test("at the end the button is disabled, so focus goes to the habit's other move button", () => {
  assert.equal(focusAfterMove(moved(["a", "b", "c"], "b", -1), "b", -1), "move-down-b");
  assert.equal(focusAfterMove(moved(["a", "b", "c"], "b", 1), "b", 1), "move-up-b");
  assert.equal(focusAfterMove(["a"], "a", 1), "edit-a");
  assert.equal(moveKey("own-1", -1), "move-up-own-1");
});
