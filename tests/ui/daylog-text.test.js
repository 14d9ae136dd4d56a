// The day-log card's words (ui/js/daylog-text.js), from a form shaped like the one Rust sends.
import { test } from "node:test";
import assert from "node:assert/strict";

import { areaLabel, noteCounter, scaleChoices, scaleWord, summaryParts } from "../../ui/js/daylog-text.js";

const skin = { field: "skin", low: 0, high: 4, labels: ["Clear", "Almost clear", "Mild", "Moderate", "Severe"], summary: "skin {word}" };
const bristol = { field: "bristol", low: 1, high: 3, labels: ["Hard", "Soft", "Watery"], summary: "stool type {value}" };
const stress = { field: "stress", low: 0, high: 1, labels: ["Calm", "Very"], summary: "stress {word}" };
const form = {
  scales: [skin, bristol, stress],
  areas: [{ id: "cheeks", label: "Cheeks" }, { id: "mouth_chin_jaw", label: "Mouth, chin, jaw" }],
  note_max_chars: 2000,
};
const empty = { skin: null, areas: [], bristol: null, stress: null, note: "" };

test("a scale's choices run from its low end, each with its word", () => {
  assert.deepEqual(scaleChoices(bristol), [
    { value: 1, word: "Hard" }, { value: 2, word: "Soft" }, { value: 3, word: "Watery" },
  ]);
  assert.equal(scaleWord(bristol, 1), "Hard");
  assert.equal(scaleWord(skin, 4), "Severe");
});

test("a value or area the form does not know shows as itself instead of throwing", () => {
  assert.equal(scaleWord(skin, 9), "9");
  assert.equal(areaLabel(form, "elbow"), "elbow");
  const parts = summaryParts({ ...empty, areas: ["cheeks", "elbow"] }, form);
  assert.deepEqual(parts, ["cheeks, elbow"]);
});

test("the summary follows the card's order and each scale's wording", () => {
  const log = { skin: 3, areas: ["cheeks", "mouth_chin_jaw"], bristol: 2, stress: 0, note: "x" };
  assert.deepEqual(summaryParts(log, form), [
    "skin moderate", "cheeks, mouth, chin, jaw", "stool type 2", "stress calm", "a note",
  ]);
  assert.deepEqual(summaryParts(empty, form), []);
  // Zero is a recorded value, not "nothing".
  assert.deepEqual(summaryParts({ ...empty, skin: 0 }, form), ["skin clear"]);
});

test("a scale added in Rust shows up in the summary without a change here", () => {
  const mood = { field: "mood", low: 0, high: 1, labels: ["Low", "Good"], summary: "mood {word}" };
  const wider = { ...form, scales: [...form.scales, mood] };
  assert.deepEqual(summaryParts({ ...empty, mood: 1 }, wider), ["mood good"]);
});

test("the note counter counts characters, not UTF-16 units", () => {
  assert.equal(noteCounter("", 2000), "0 of 2000 characters");
  assert.equal(noteCounter("é😀", 2000), "2 of 2000 characters");
});
