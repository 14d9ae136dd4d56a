// The habit form's rules: what a habit may be (the same limits Rust checks; Rust has the last
// word), and reading the form into what add_habit and edit_habit take.
// No DOM here, so Node's test runner imports it as it is.

import { WEEKDAYS } from "./format.js";

export const LIMITS = { name: 60, unit: 20, why: 500, target: 1000, times: 7 };

const DAY_ORDER = WEEKDAYS.map(([value]) => value);

/** Characters as Rust counts them (code points), not UTF-16 units: an emoji is one. */
export function charCount(text) {
  return [...text].length;
}

/** Chosen weekdays in calendar order, each once, unknown values dropped. */
export function sortDays(days) {
  const chosen = new Set(days);
  return DAY_ORDER.filter((day) => chosen.has(day));
}

/** A whole number written in a field ("3", " 12 "), or null for anything else. */
export function wholeNumber(text) {
  const trimmed = String(text ?? "").trim();
  return /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : null;
}

/** The schedule the form's choices describe: { kind: "every_day" } and so on. */
export function scheduleFrom(raw) {
  if (raw.scheduleKind === "weekdays") return { kind: "weekdays", days: sortDays(raw.days || []) };
  if (raw.scheduleKind === "times_per_week") return { kind: "times_per_week", times: wholeNumber(raw.times) };
  return { kind: "every_day" };
}

export function sameSchedule(a, b) {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === "weekdays") return sortDays(a.days).join() === sortDays(b.days).join();
  if (a.kind === "times_per_week") return a.times === b.times;
  return true;
}

/**
 * Reads the form. `raw`: { name, kind, unit, target, direction, scheduleKind, days, times, why },
 * all as the fields hold them (strings, and days as a list of "mon"…). `options`:
 *   builtIn   a catalogue habit: only target, direction and schedule are read
 *   maxTarget the largest target allowed (a catalogue habit's max_target; own habits 1000)
 *   otherNames the names of the other active habits, for the duplicate check
 * Returns { ok: true, habit } with the habit as add_habit takes it, or { ok: false, errors }
 * with one message per field that is wrong (keys: name, unit, target, days, times, why).
 */
export function readHabitForm(raw, options = {}) {
  const { builtIn = false, maxTarget = LIMITS.target, otherNames = [] } = options;
  const errors = {};
  const kind = raw.kind === "count" ? "count" : "check";
  const name = String(raw.name ?? "").trim();
  const unit = String(raw.unit ?? "").trim();
  const why = String(raw.why ?? "").trim();

  if (!builtIn) {
    const length = charCount(name);
    if (length === 0) errors.name = "Give the habit a name.";
    else if (length > LIMITS.name) errors.name = `A name has at most ${LIMITS.name} characters; this one has ${length}.`;
    else if (otherNames.some((other) => other.trim().toLowerCase() === name.toLowerCase())) {
      errors.name = `You already have a habit called “${name}”. Choose another name.`;
    }
    if (kind === "count") {
      const unitLength = charCount(unit);
      if (unitLength === 0) errors.unit = "Say what you count, for example cups or minutes.";
      else if (unitLength > LIMITS.unit) errors.unit = `A unit has at most ${LIMITS.unit} characters; this one has ${unitLength}.`;
    }
    const whyLength = charCount(why);
    if (whyLength > LIMITS.why) errors.why = `The note has at most ${LIMITS.why} characters; this one has ${whyLength}.`;
  }

  let target = null;
  if (kind === "count") {
    target = wholeNumber(raw.target);
    if (target === null || target < 1 || target > maxTarget) {
      errors.target = `Enter a whole number from 1 to ${maxTarget}.`;
    }
  }
  const direction = kind === "count" && raw.direction === "at_most" ? "at_most" : "at_least";

  const schedule = scheduleFrom(raw);
  if (schedule.kind === "weekdays" && schedule.days.length === 0) {
    errors.days = "Choose at least one day.";
  }
  if (schedule.kind === "times_per_week" && (schedule.times === null || schedule.times < 1 || schedule.times > LIMITS.times)) {
    errors.times = `Enter how many times a week, from 1 to ${LIMITS.times}.`;
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    habit: {
      name,
      kind,
      unit: kind === "count" ? unit : null,
      target,
      direction,
      schedule,
      why,
    },
  };
}

/**
 * What edit_habit should change on `original` (a habit as Settings has it) for the form's
 * `habit` (from readHabitForm): only the fields that differ, and for a catalogue habit only
 * target, direction and schedule. An empty object means nothing changed.
 */
export function editFor(original, habit) {
  const edit = {};
  if (!original.own) {
    // Catalogue habits keep their name, unit and why; Rust refuses edits to them.
  } else {
    if (habit.name !== original.name) edit.name = habit.name;
    if (original.kind === "count" && habit.unit !== original.unit) edit.unit = habit.unit;
    if (habit.why !== (original.why || "")) edit.why = habit.why;
  }
  if (original.kind === "count") {
    if (habit.target !== original.target) edit.target = habit.target;
    if (habit.direction !== original.direction) edit.direction = habit.direction;
  }
  if (!sameSchedule(habit.schedule, original.schedule)) edit.schedule = habit.schedule;
  return edit;
}

/** The form's starting values for `habit` (null: a new habit). */
export function formValues(habit) {
  if (!habit) {
    return {
      name: "", kind: "check", unit: "", target: "1", direction: "at_least",
      scheduleKind: "every_day", days: [], times: "3", why: "",
    };
  }
  const schedule = habit.schedule || { kind: "every_day" };
  return {
    name: habit.name,
    kind: habit.kind,
    unit: habit.unit || "",
    target: habit.target == null ? "1" : String(habit.target),
    direction: habit.direction === "at_most" ? "at_most" : "at_least",
    scheduleKind: schedule.kind,
    days: schedule.kind === "weekdays" ? sortDays(schedule.days) : [],
    times: schedule.kind === "times_per_week" ? String(schedule.times) : "3",
    why: habit.own ? habit.why || "" : "",
  };
}

/** The order fields appear in the form, for focusing the first one that is wrong. */
export const FIELD_ORDER = ["name", "unit", "target", "days", "times", "why"];

export function firstError(errors) {
  return FIELD_ORDER.find((field) => errors[field]) || null;
}
