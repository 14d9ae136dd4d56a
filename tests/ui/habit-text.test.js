// The words habits are shown with (ui/js/habit-text.js).
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  countText, deleteQuestion, goalText, keptForExperiment, heatCellClass, heatCellLabel, markCounts, moveLabel,
  notDueTitle, scheduleNote, scheduleText, streakLength, streakText, weekText,
} from "../../ui/js/habit-text.js";

test("schedule text, and no note under the name for every day", () => {
  assert.equal(scheduleText({ kind: "every_day" }), "Every day");
  assert.equal(scheduleText({ kind: "weekdays", days: ["fri", "mon", "wed"] }), "Mon, Wed, Fri");
  assert.equal(scheduleText({ kind: "times_per_week", times: 3 }), "3 times a week");
  assert.equal(scheduleText({ kind: "times_per_week", times: 1 }), "Once a week");
  assert.equal(scheduleNote({ schedule: { kind: "every_day" }, schedule_text: "Every day" }), "");
  assert.equal(scheduleNote({ schedule: { kind: "weekdays", days: ["sat"] }, schedule_text: "Sat" }), "Sat");
  assert.equal(scheduleNote({ schedule: { kind: "times_per_week", times: 2 } }), "2 times a week", "computed when Rust sent none");
});

test("goals read at least / at most with the unit as written", () => {
  assert.equal(goalText({ direction: "at_most", target: 1, unit: "cups" }), "at most 1 cups");
  assert.equal(goalText({ direction: "at_least", target: 5, unit: "servings" }), "at least 5 servings");
});

test("an at-least count: value of target, to go, done", () => {
  const fiber = { direction: "at_least", target: 5, unit: "servings", value: 3, recorded: true, done: false };
  assert.equal(countText(fiber), "3 of 5 servings · 2 to go");
  assert.equal(countText({ ...fiber, value: 6, done: true }), "6 of 5 servings · done");
});

test("an at-most count: nothing recorded is not done; an explicit 0 is", () => {
  const coffee = { direction: "at_most", target: 1, unit: "cups", value: 0, recorded: false, done: false };
  assert.equal(countText(coffee), "at most 1 cups · nothing recorded");
  assert.equal(countText({ ...coffee, recorded: true, done: true }), "0 cups, at most 1 cups · done");
  assert.equal(countText({ ...coffee, value: 3, recorded: true }), "3 cups, at most 1 cups · over the limit");
});

test("streaks in days or weeks", () => {
  assert.equal(streakText({ current: 3, best: 3, unit: "weeks" }), "3 weeks in a row");
  assert.equal(streakText({ current: 1, best: 4, unit: "weeks" }), "1 week in a row");
  assert.equal(streakText({ current: 1, best: 1, unit: "days" }), "1 day in a row");
  assert.equal(streakText({ current: 0, best: 2, unit: "days" }), "No streak yet");
  assert.equal(streakText(undefined), "No streak yet");
  assert.equal(streakLength(2, "weeks"), "2 weeks");
  assert.equal(streakLength(1, "days"), "1 day");
});

test("a times-a-week habit's week, and the folded section's title", () => {
  assert.equal(weekText({ done: 2, times: 3 }), "2 of 3 this week");
  assert.equal(weekText(null), "");
  assert.equal(notDueTitle(2, true), "Not due today (2)");
  assert.equal(notDueTitle(1, false), "Not due this day (1)");
});

test("the delete question says how many days of records go and that a backup comes first", () => {
  assert.equal(
    deleteQuestion({ name: "Green tea", record_days: 12 }),
    "Delete “Green tea”? Its records on 12 days are deleted with it. GutSkin backs up your data first, so you can go back.",
  );
  assert.match(deleteQuestion({ name: "Tea", record_days: 1 }), /on 1 day are/);
  assert.match(deleteQuestion({ name: "Tea", record_days: 0 }), /It has no records yet\./);
});

test("a habit an experiment tested is archived, not deleted, and the question says so", () => {
  const tested = { name: "Green tea", record_days: 40, experiments: 1 };
  assert.equal(deleteQuestion(tested), keptForExperiment(tested));
  assert.equal(
    keptForExperiment(tested),
    "“Green tea” was tested in an experiment, whose result rests on its records, so it is not deleted. Archive it instead: it leaves Today and its history is kept.",
  );
  assert.match(keptForExperiment({ name: "Tea", experiments: 2 }), /in 2 experiments,/);
  assert.match(keptForExperiment({ name: "Tea", experiments: 1, in_running_experiment: true }), /Once the experiment is over, archive it instead:/);
  assert.match(deleteQuestion({ name: "Tea", record_days: 3, experiments: 0 }), /^Delete “Tea”\?/);
});

test("move buttons name the habit", () => {
  assert.equal(moveLabel("Green tea", -1), "Move Green tea up");
  assert.equal(moveLabel("Green tea", 1), "Move Green tea down");
});

test("heat map cells: every state has its own words and its own look", () => {
  const cases = [
    [[0, 0, true], "not done", "cell level-0"],
    [[1, 0, true], "some, below target", "cell level-1"],
    [[2, 0, true], "done", "cell level-2"],
    [[0, 1, true], "skipped", "cell level-0 skipped"],
    [[2, 1, true], "skipped, done anyway", "cell level-2 skipped"],
    [[0, 2, true], "not due", "cell level-0 not-due"],
    [[1, 2, true], "not due, some recorded", "cell level-1 not-due"],
    [[0, 1, false], "before tracking began", "cell level-0 untracked"],
  ];
  for (const [args, label, cls] of cases) {
    assert.equal(heatCellLabel(...args), label, String(args));
    assert.equal(heatCellClass(...args), cls, String(args));
  }
  assert.equal(new Set(cases.map((c) => c[2])).size, cases.length);
});

test("skipped and not-due days are counted on tracked days only; done ones are not excused", () => {
  assert.deepEqual(markCounts([1, 2, 2, 0, 1]), { skipped: 2, notDue: 2, excused: 4 });
  assert.deepEqual(markCounts([1, 2, 2, 0, 1], (i) => i >= 2), { skipped: 1, notDue: 1, excused: 2 });
  assert.deepEqual(markCounts([1, 2, 2, 0, 1], () => true, [2, 0, 2, 0, 1]), { skipped: 2, notDue: 2, excused: 2 });
  assert.deepEqual(markCounts(undefined), { skipped: 0, notDue: 0, excused: 0 });
});
