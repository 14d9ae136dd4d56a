// The habit form's rules (ui/js/habit-rules.js): what the add and edit commands are sent.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  charCount, editFor, firstError, formValues, readHabitForm, sameSchedule, scheduleFrom, sortDays, wholeNumber,
} from "../../ui/js/habit-rules.js";

const form = (patch = {}) => ({ ...formValues(null), ...patch });

test("a yes/no habit every day, as add_habit takes it", () => {
  const read = readHabitForm(form({ name: "  Green tea ", why: " calms me " }));
  assert.deepEqual(read, {
    ok: true,
    habit: {
      name: "Green tea", kind: "check", unit: null, target: null, direction: "at_least",
      schedule: { kind: "every_day" }, why: "calms me",
    },
  });
});

test("a count habit at most 1 cup keeps its unit, target and direction", () => {
  const read = readHabitForm(form({ name: "Coffee", kind: "count", unit: "cups", target: "1", direction: "at_most" }));
  assert.equal(read.ok, true);
  assert.deepEqual(
    [read.habit.kind, read.habit.unit, read.habit.target, read.habit.direction],
    ["count", "cups", 1, "at_most"],
  );
});

test("a check habit never sends a unit, a target or at most", () => {
  const read = readHabitForm(form({ name: "No whey", unit: "scoops", target: "7", direction: "at_most" }));
  assert.deepEqual([read.habit.unit, read.habit.target, read.habit.direction], [null, null, "at_least"]);
});

test("names: empty, too long (in characters, not UTF-16 units), duplicate in any case", () => {
  assert.equal(readHabitForm(form({ name: "   " })).errors.name, "Give the habit a name.");
  const long = readHabitForm(form({ name: "x".repeat(10000) }));
  assert.match(long.errors.name, /at most 60 characters; this one has 10000/);
  assert.equal(readHabitForm(form({ name: "🍵".repeat(60) })).ok, true, "60 emoji are 60 characters");
  assert.equal(charCount("🍵"), 1);
  const dup = readHabitForm(form({ name: "green TEA" }), { otherNames: ["Zinc", "Green tea"] });
  assert.match(dup.errors.name, /already have a habit called “green TEA”/);
});

test("markup in a name is kept as the characters typed (shown as text; Rust decides)", () => {
  const read = readHabitForm(form({ name: "<b>tea</b>" }));
  assert.equal(read.habit.name, "<b>tea</b>");
});

test("count habits need a unit of 1 to 20 characters and a whole target in range", () => {
  const base = { name: "Water", kind: "count", unit: "glasses", target: "8" };
  assert.equal(readHabitForm(form({ ...base, unit: " " })).errors.unit, "Say what you count, for example cups or minutes.");
  assert.match(readHabitForm(form({ ...base, unit: "u".repeat(21) })).errors.unit, /at most 20/);
  for (const bad of ["0", "1001", "2.5", "-1", "", "ten", "1e3"]) {
    assert.equal(readHabitForm(form({ ...base, target: bad })).errors.target, "Enter a whole number from 1 to 1000.", bad);
  }
  assert.equal(readHabitForm(form({ ...base, target: "1000" })).ok, true);
  assert.equal(readHabitForm(form({ ...base, target: " 12 " })).habit.target, 12);
});

test("a catalogue habit's target is checked against its own maximum, and its name is not read", () => {
  const values = { ...formValues({ name: "Fiber", kind: "count", unit: "servings", target: 5, direction: "at_least", schedule: { kind: "every_day" }, own: false }) };
  assert.equal(readHabitForm({ ...values, target: "31" }, { builtIn: true, maxTarget: 30 }).errors.target, "Enter a whole number from 1 to 30.");
  assert.equal(readHabitForm({ ...values, name: "" }, { builtIn: true, maxTarget: 30 }).ok, true);
});

test("schedules: weekdays need a day and come in calendar order; times a week 1 to 7", () => {
  assert.equal(readHabitForm(form({ name: "Run", scheduleKind: "weekdays", days: [] })).errors.days, "Choose at least one day.");
  const days = readHabitForm(form({ name: "Run", scheduleKind: "weekdays", days: ["fri", "mon", "wed", "mon", "xyz"] }));
  assert.deepEqual(days.habit.schedule, { kind: "weekdays", days: ["mon", "wed", "fri"] });
  assert.deepEqual(readHabitForm(form({ name: "Run", scheduleKind: "times_per_week", times: "3" })).habit.schedule,
    { kind: "times_per_week", times: 3 });
  for (const bad of ["0", "8", "", "2.5"]) {
    assert.match(readHabitForm(form({ name: "Run", scheduleKind: "times_per_week", times: bad })).errors.times, /from 1 to 7/, bad);
  }
});

test("the note may be empty or up to 500 characters", () => {
  assert.equal(readHabitForm(form({ name: "Tea", why: "" })).ok, true);
  assert.match(readHabitForm(form({ name: "Tea", why: "w".repeat(501) })).errors.why, /at most 500/);
});

test("errors are focused in the order the fields appear", () => {
  const read = readHabitForm(form({ name: "", kind: "count", unit: "", target: "0", scheduleKind: "weekdays" }));
  assert.deepEqual(Object.keys(read.errors).sort(), ["days", "name", "target", "unit"]);
  assert.equal(firstError(read.errors), "name");
  assert.equal(firstError({ days: "x", target: "y" }), "target");
  assert.equal(firstError({}), null);
});

const coffee = {
  id: "own-0a1b2c3d", name: "Coffee", kind: "count", unit: "cups", target: 1, direction: "at_most",
  schedule: { kind: "every_day" }, why: "", own: true,
};

test("an edit sends only what changed", () => {
  const same = readHabitForm(formValues(coffee), { otherNames: [] }).habit;
  assert.deepEqual(editFor(coffee, same), {});
  const changed = readHabitForm({ ...formValues(coffee), name: "Coffee ☕", target: "2", scheduleKind: "weekdays", days: ["sat"] }).habit;
  assert.deepEqual(editFor(coffee, changed), { name: "Coffee ☕", target: 2, schedule: { kind: "weekdays", days: ["sat"] } });
});

test("a catalogue habit's edit never carries name, unit or why", () => {
  const fiber = { id: "fiber", name: "Fiber", kind: "count", unit: "servings", target: 5, direction: "at_least", schedule: { kind: "every_day" }, why: "Feeds your gut bacteria.", own: false };
  const values = formValues(fiber);
  assert.equal(values.why, "", "a catalogue habit's explanation is not a note to edit");
  const read = readHabitForm({ ...values, direction: "at_most", scheduleKind: "times_per_week", times: "4" }, { builtIn: true, maxTarget: 30 });
  assert.deepEqual(editFor(fiber, read.habit), { direction: "at_most", schedule: { kind: "times_per_week", times: 4 } });
  const zinc = { id: "zinc", name: "Zinc", kind: "check", unit: null, target: null, direction: "at_least", schedule: { kind: "every_day" }, own: false };
  assert.deepEqual(editFor(zinc, readHabitForm(formValues(zinc), { builtIn: true }).habit), {});
});

test("the form starts from the habit's values, or a blank habit", () => {
  const values = formValues({ ...coffee, schedule: { kind: "weekdays", days: ["fri", "mon"] } });
  assert.deepEqual([values.scheduleKind, values.days, values.direction, values.target], ["weekdays", ["mon", "fri"], "at_most", "1"]);
  assert.deepEqual(formValues(null).kind, "check");
});

test("small helpers", () => {
  assert.deepEqual(sortDays(["sun", "mon"]), ["mon", "sun"]);
  assert.equal(wholeNumber(" 7 "), 7);
  assert.equal(wholeNumber("07"), 7);
  assert.equal(wholeNumber("1.0"), null);
  assert.equal(wholeNumber(null), null);
  assert.deepEqual(scheduleFrom({ scheduleKind: "every_day", days: ["mon"] }), { kind: "every_day" });
  assert.equal(sameSchedule({ kind: "weekdays", days: ["wed", "mon"] }, { kind: "weekdays", days: ["mon", "wed"] }), true);
  assert.equal(sameSchedule({ kind: "times_per_week", times: 2 }, { kind: "times_per_week", times: 3 }), false);
  assert.equal(sameSchedule({ kind: "every_day" }, { kind: "times_per_week", times: 3 }), false);
});
