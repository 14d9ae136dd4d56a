// The words a habit is shown with: its schedule, goal, count, streak, week, the delete question
// and the heat map's cell labels. No DOM here, so Node's test runner imports it as it is.

import { WEEKDAYS, plural } from "./format.js";

/** "Every day", "Mon, Wed, Fri", "3 times a week": as Rust's schedule_text has it, for
 *  a schedule that has no text yet (the form's preview). */
export function scheduleText(schedule) {
  if (!schedule || schedule.kind === "every_day") return "Every day";
  if (schedule.kind === "weekdays") {
    const chosen = new Set(schedule.days);
    return WEEKDAYS.filter(([value]) => chosen.has(value)).map(([, short]) => short).join(", ");
  }
  if (schedule.kind === "times_per_week") {
    return schedule.times === 1 ? "Once a week" : `${schedule.times} times a week`;
  }
  return "";
}

/** A habit's schedule as shown under its name: nothing for every day. */
export function scheduleNote(habit) {
  if (!habit.schedule || habit.schedule.kind === "every_day") return "";
  return habit.schedule_text || scheduleText(habit.schedule);
}

/** "at least 5 servings", "at most 1 cups" (the unit as the user wrote it). */
export function goalText(habit) {
  const word = habit.direction === "at_most" ? "at most" : "at least";
  return `${word} ${habit.target}${habit.unit ? ` ${habit.unit}` : ""}`;
}

/** The count habit's line on Today. */
export function countText(habit) {
  const unit = habit.unit ? ` ${habit.unit}` : "";
  if (habit.direction === "at_most") {
    if (!habit.recorded) return `${goalText(habit)} · nothing recorded`;
    return `${habit.value}${unit}, ${goalText(habit)} · ${habit.done ? "done" : "over the limit"}`;
  }
  const state = habit.done ? "done" : `${Math.max(habit.target - habit.value, 0)} to go`;
  return `${habit.value} of ${habit.target}${unit} · ${state}`;
}

/** "3 days in a row", "1 week in a row", "No streak yet". */
export function streakText(streak) {
  if (!streak || !(streak.current > 0)) return "No streak yet";
  const [one, many] = streak.unit === "weeks" ? ["week", "weeks"] : ["day", "days"];
  return `${plural(streak.current, one, many)} in a row`;
}

/** "3 days", "2 weeks": a streak's length alone. */
export function streakLength(n, unit) {
  return unit === "weeks" ? plural(n, "week", "weeks") : plural(n, "day", "days");
}

/** "2 of 3 this week", or "" for a habit without a weekly count. */
export function weekText(week) {
  if (!week) return "";
  return `${week.done} of ${week.times} this week`;
}

/** The folded section's title on Today. */
export function notDueTitle(count, isToday) {
  return `${isToday ? "Not due today" : "Not due this day"} (${count})`;
}

/** The inline confirmation before deleting an own habit. */
export function deleteQuestion(habit) {
  if (habit.experiments > 0) return keptForExperiment(habit);
  const days = habit.record_days || 0;
  const records = days === 0
    ? "It has no records yet."
    : `Its records on ${plural(days, "day", "days")} are deleted with it.`;
  return `Delete “${habit.name}”? ${records} GutSkin backs up your data first, so you can go back.`;
}

/** Why a habit an experiment tested is not deleted: the experiment's result rests on its
 *  records. Archiving keeps them and takes it off Today. */
export function keptForExperiment(habit) {
  const what = habit.experiments === 1 ? "an experiment" : `${habit.experiments} experiments`;
  const instead = habit.in_running_experiment ? "Once the experiment is over, archive it instead" : "Archive it instead";
  return `“${habit.name}” was tested in ${what}, whose result rests on its records, so it is not deleted. ${instead}: it leaves Today and its history is kept.`;
}

/** The accessible name of a reorder button: "Move Green tea up". */
export function moveLabel(name, offset) {
  return `Move ${name} ${offset < 0 ? "up" : "down"}`;
}

/**
 * What a heat map cell says: `level` 0 (not done) / 1 (some, below target) / 2 (done),
 * `mark` 0 (an ordinary day) / 1 (skipped) / 2 (not due), `tracked` false before tracking.
 */
export function heatCellLabel(level, mark, tracked) {
  if (!tracked) return "before tracking began";
  const done = level === 2 ? ", done anyway" : level === 1 ? ", some recorded" : "";
  if (mark === 1) return `skipped${done}`;
  if (mark === 2) return `not due${done}`;
  if (level === 2) return "done";
  if (level === 1) return "some, below target";
  return "not done";
}

/** The CSS classes of a heat map cell, one look per state. */
export function heatCellClass(level, mark, tracked) {
  if (!tracked) return `cell level-${level} untracked`;
  if (mark === 1) return `cell level-${level} skipped`;
  if (mark === 2) return `cell level-${level} not-due`;
  return `cell level-${level}`;
}

/** Days skipped and days not due in a heat map (tracked days only, `tracked(i)`), and how many
 *  of those were not done (`excused`: they do not count as missed). */
export function markCounts(marks, tracked = () => true, heat = []) {
  let skipped = 0;
  let notDue = 0;
  let excused = 0;
  (marks || []).forEach((mark, i) => {
    if (!tracked(i) || !mark) return;
    if (mark === 1) skipped += 1;
    else if (mark === 2) notDue += 1;
    if (heat[i] !== 2) excused += 1;
  });
  return { skipped, notDue, excused };
}
