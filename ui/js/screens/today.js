// The Today screen: the chosen day, a ring of how many due habits are done, one row per habit
// due that day (check habits: one toggle; count habits: − and +; each can skip the day), the
// active habits not due that day folded away, and a way to add a habit.

import { api, settle } from "../api.js";
import { h, s, morph, replace, restoreFocusTo } from "../dom.js";
import { longDay, relativeDay, shiftDay, plural } from "../format.js";
import { countText, goalText, notDueTitle, scheduleNote, streakLength, streakText, weekText } from "../habit-text.js";
import { icons } from "../icons.js";
import { dayLogCard } from "./daylog.js";
import { experimentBanner } from "./experiment-banner.js";

export const todayScreen = {
  id: "today",
  label: "Today",
  icon: "today",
  mount,
};

// The view last drawn, and the queue of saves: taps run one after another, each computed from
// the latest saved state, so quick repeated taps on + are never lost or doubled. Every control
// reads the day it acts on from `current` when it is used: a redraw keeps the controls that
// stay (see `morph`), so what they were made with may be another day's view.
let current = null;
// The screen's parts as last drawn, to redraw in place while they are still in its element.
let drawnParts = null;
// Which "Why this helps" panels are open, so a redraw after a tap keeps them open.
const openWhy = new Set();
// Whether the "Not due today" section is unfolded, kept across redraws.
let notDueOpen = false;
let queue = Promise.resolve();

/** A habit of the view, due or not. */
function findHabit(view, id) {
  return view.habits.find((habit) => habit.id === id) || (view.not_due || []).find((habit) => habit.id === id);
}

async function mount(host, ctx) {
  render(host, ctx, await firstOrFreshView(ctx));
}

/** The view asked for at start when it is for the day to show (it is once, unless midnight
 *  passed meanwhile); otherwise a fresh one. */
async function firstOrFreshView(ctx) {
  const first = ctx.firstToday;
  ctx.firstToday = null;
  if (first) {
    const view = await first.catch(() => null);
    if (view && view.day === ctx.selectedDay) return view;
  }
  return api.todayView(ctx.selectedDay);
}

/** `answers`: the day's log and experiment banner when they were asked for with the view
 *  (see `reload`), each `{ value }` or `{ error }`; otherwise each part asks for its own. */
function render(host, ctx, view, answers = {}) {
  current = view;
  ctx.selectedDay = view.day;
  const previousFocus = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.focusKey
    : null;

  const parts = [
    h("header", { class: "screen-header" },
      h("h1", { class: "screen-title" }, relativeDay(view.day, view.today)),
      dayNav(host, ctx, view),
    ),
    progressRing(view),
    experimentBanner(ctx, view.day, host, answers.banner),
    habitsSection(host, ctx, view),
    dayLogCard(ctx, view.day, view.today, answers.log),
  ];
  // The rows on the screen, by habit id, to draw again in place (see `drawRow`).
  const kept = new Map();
  const drawLists = (root) => {
    const list = (which) => root.querySelector(`ul[data-list="${which}"]`);
    if (view.habits.length) drawRows(host, ctx, view, list("due"), view.habits, kept);
    if ((view.not_due || []).length) drawRows(host, ctx, view, list("not-due"), view.not_due, kept);
    // Rows of habits this day no longer shows.
    for (const li of kept.values()) li.remove();
  };
  if (drawnParts && drawnParts.every((part) => part.parentNode === host)) {
    for (const li of host.querySelectorAll("li[data-habit]")) kept.set(li.dataset.habit, li);
    // Another day, or the same one again: the header, the ring and the habits change in place,
    // so with 30 habits only what differs is styled, laid out and painted again. The banner
    // and the day's log are their own elements: the same ones for the same day, new for another.
    drawnParts = drawnParts.map((old, i) => {
      if (i === 2 || i === 4) {
        if (old !== parts[i]) old.replaceWith(parts[i]);
        return parts[i];
      }
      return morph(old, parts[i]);
    });
    drawLists(host);
  } else {
    // A new screen is built whole before it goes into the page.
    drawLists(parts[3]);
    replace(host, ...parts);
    drawnParts = parts;
  }

  if (previousFocus) restoreFocus(host, previousFocus);
}

function habitsSection(host, ctx, view) {
  const notDue = view.not_due || [];
  const isToday = view.day === view.today;
  return h("section", { class: "habits", "aria-labelledby": "habits-title" },
    h("h2", { id: "habits-title", class: "section-title" }, "Habits"),
    view.habits.length
      ? h("ul", { class: "habit-list", role: "list", "data-list": "due", "data-rows": "" })
      : h("p", { class: "muted empty-habits" }, notDue.length ? `Nothing is due ${isToday ? "today" : "this day"}.` : "No habits are on."),
    notDue.length
      ? h("details", {
        class: "not-due", "data-section": "not-due", open: notDueOpen,
        ontoggle: (event) => { notDueOpen = event.target.open; },
      },
        h("summary", { "data-focus-key": "not-due" }, notDueTitle(notDue.length, isToday)),
        h("p", { class: "muted small" }, "Still there to check off if you did one anyway; it does not count in the day's total."),
        h("ul", { class: "habit-list", role: "list", "data-list": "not-due", "data-rows": "" }),
      )
      : null,
    h("div", { class: "add-habit-line" },
      h("button", {
        type: "button", class: "text-button", "data-action": "add-habit", "data-focus-key": "add-habit",
        // The form's module is loaded when first asked for: it is not part of Today's start.
        onclick: async () => {
          let form;
          try {
            form = await import("./habit-form.js");
          } catch (err) {
            ctx.toast(`The habit form could not be opened: ${err.message}`, { error: true });
            return;
          }
          form.openHabitForm({
            activeNames: [...current.habits, ...(current.not_due || [])].map((habit) => habit.name),
            onSaved: async (settings) => {
              await reload(host, ctx);
              const added = settings.habits.find((habit) => habit.id === settings.added_id);
              if (added) ctx.toast(`Added ${added.name}.`);
            },
          });
        },
      }, icons.plus(), "Add a habit"),
    ),
  );
}

/** Puts focus back on the control that had it before a redraw; when that control is now
 *  disabled or gone (− at 0, "Next day" on today), on its neighbour instead. */
function restoreFocus(host, key) {
  const byKey = (k) => host.querySelector(`[data-focus-key="${CSS.escape(k)}"]`);
  let target = byKey(key);
  for (let hops = 0; target === null || target.disabled; hops += 1) {
    const fallback = focusFallback(key);
    if (!fallback || hops > 2) return;
    key = fallback;
    target = byKey(key);
  }
  restoreFocusTo(target);
}

function focusFallback(key) {
  if (key === "day-forward" || key === "day-today") return "day-back";
  if (key.startsWith("minus-")) return `plus-${key.slice(6)}`;
  if (key.startsWith("plus-")) return `minus-${key.slice(5)}`;
  // "None today" and "Clear" take each other's place.
  if (key.startsWith("zero-")) return `clear-${key.slice(5)}`;
  if (key.startsWith("clear-")) return `zero-${key.slice(6)}`;
  return null;
}

function dayNav(host, ctx, view) {
  const atToday = view.day === view.today;
  // `pick(shown)`: the day to show next, from the view on the screen when tapped.
  const go = (pick) => async () => {
    ctx.selectedDay = pick(current);
    await reload(host, ctx);
  };
  return h("nav", { class: "day-nav", "aria-label": "Choose day" },
    h("button", {
      type: "button", class: "icon-button", "data-focus-key": "day-back",
      "aria-label": "Previous day", title: "Previous day",
      onclick: go((shown) => shiftDay(shown.day, -1)),
    }, icons.back()),
    h("p", { class: "day-label", "aria-live": "polite", "data-day": view.day },
      h("time", { datetime: view.day }, longDay(view.day)),
    ),
    h("button", {
      type: "button", class: "icon-button", "data-focus-key": "day-forward",
      "aria-label": "Next day", title: "Next day", disabled: atToday,
      onclick: go((shown) => shiftDay(shown.day, 1)),
    }, icons.forward()),
    atToday ? null : h("button", {
      type: "button", class: "text-button", "data-focus-key": "day-today",
      onclick: go((shown) => shown.today),
    }, "Back to today"),
  );
}

function progressRing(view) {
  const r = 42;
  const circumference = 2 * Math.PI * r;
  const fraction = view.total ? view.done_count / view.total : 0;
  const label = `${view.done_count} of ${view.total} done`;
  // The numbers are HTML over the circles: SVG text costs the first layout about 15 ms.
  return h("section", { class: "progress-card", "aria-label": "Progress for this day" },
    h("div", { class: "ring", "aria-hidden": "true" },
      s("svg", { viewBox: "0 0 100 100", width: 112, height: 112 },
        s("circle", { class: "ring-track", cx: 50, cy: 50, r }),
        fraction === 0 ? null : s("circle", {
          class: "ring-fill", cx: 50, cy: 50, r,
          "stroke-dasharray": `${(fraction * circumference).toFixed(2)} ${circumference.toFixed(2)}`,
          transform: "rotate(-90 50 50)",
        }),
      ),
      h("span", { class: "ring-numbers" },
        h("span", { class: "ring-count" }, String(view.done_count)),
        h("span", { class: "ring-total" }, `of ${view.total}`),
      ),
    ),
    h("div", {},
      h("p", { class: "progress-text", id: "done-summary", "data-done": view.done_count, "data-total": view.total }, label),
      h("p", { class: "muted" }, encouragement(view)),
    ),
  );
}

function encouragement(view) {
  if (view.total === 0) {
    if ((view.not_due || []).length) return "Nothing due; enjoy the day.";
    return view.habits.length ? "Every habit is skipped this day." : "Turn on a habit in Settings, or add your own, to start tracking.";
  }
  if (view.done_count === view.total) return "Everything done. Your gut thanks you.";
  if (view.done_count === 0) return view.day === view.today ? "Tap a habit when you have done it." : "Fill in what you did that day.";
  return `${plural(view.total - view.done_count, "habit", "habits")} to go.`;
}

// A habit's row is built once and then drawn again in place (`drawRow`): a redraw for another
// day, or after a tap, sets only the texts and states that differ, so 30 rows redraw in well
// under a frame, and focus and open panels stay. Each row element's parts, and the keys of the
// parts it rebuilds whole when they change (they rarely do), live here.
const rowParts = new WeakMap();

/** Builds the row for `habit` as `view` shows it. */
function habitRow(host, ctx, view, habit) {
  const id = habit.id;
  const row = { kind: habit.kind, keys: {}, day: view.day };
  row.name = h("span", { class: "habit-name" });
  row.meta = h("span", { class: "habit-meta" });
  row.streakText = document.createTextNode("");
  row.bestText = document.createTextNode("");
  row.best = h("span", { class: "muted" }, row.bestText);
  row.streak = h("span", { class: "streak" }, icons.flame(), row.streakText);
  row.foot = h("div", { class: "habit-foot" });
  let control;
  if (habit.kind === "count") {
    // Ids from the habit's, so no redraw changes them.
    row.name.id = `today-name-${id}`;
    row.goal = h("span", { class: "visually-hidden", id: `today-goal-${id}` });
    row.value = countValue(habit);
    row.minus = h("button", {
      type: "button", class: "icon-button", "data-action": "decrement", "data-focus-key": `minus-${id}`,
      onclick: () => save(host, ctx, id, current.day, (latest) => latest.value - 1),
    }, icons.minus());
    row.plus = h("button", {
      type: "button", class: "icon-button", "data-action": "increment", "data-focus-key": `plus-${id}`,
      onclick: () => save(host, ctx, id, current.day, (latest) => latest.value + 1),
    }, icons.plus());
    control = h("div", { class: "habit-count", role: "group", "aria-labelledby": row.name.id, "aria-describedby": row.goal.id },
      checkBox(),
      h("span", { class: "habit-text" }, row.name, row.goal, row.value, row.meta, row.streak),
      h("div", { class: "stepper" }, row.minus, row.plus),
    );
  } else {
    control = row.toggle = h("button", {
      type: "button", class: "habit-toggle", "data-focus-key": `toggle-${id}`,
      onclick: () => save(host, ctx, id, current.day, (latest) => (latest.done ? 0 : 1)),
    },
      checkBox(),
      h("span", { class: "habit-text" }, row.name, row.meta, row.streak),
    );
  }
  row.li = h("li", { "data-habit": id }, control, row.foot);
  rowParts.set(row.li, row);
  drawRow(host, ctx, view, habit, row);
  return row.li;
}

function checkBox() {
  return h("span", { class: "check-box", "aria-hidden": "true" }, icons.check());
}

/** A count's value, a live region: a new one on another day (nothing read out), the same one
 *  with new text after a tap on − or + (read out). */
function countValue(habit) {
  return h("output", { class: "count-value", "aria-live": "polite" }, countText(habit));
}

/** Draws `habit` as `view` shows it into `row`, changing only what differs. */
function drawRow(host, ctx, view, habit, row) {
  const li = row.li;
  const classes = ["habit", habit.done ? "is-done" : "", habit.skipped ? "is-skipped" : "", habit.due === false ? "is-not-due" : ""];
  setAttr(li, "class", classes.filter(Boolean).join(" "));
  setAttr(li, "data-done", String(habit.done));
  setAttr(li, "data-skipped", String(Boolean(habit.skipped)));
  setAttr(li, "data-due", String(habit.due !== false));
  setText(row.name, habit.name);
  if (habit.kind === "count") {
    const unit = habit.unit || "";
    setText(row.goal, goalText(habit));
    if (row.day !== view.day) {
      const fresh = countValue(habit);
      row.value.replaceWith(fresh);
      row.value = fresh;
    } else {
      setText(row.value, countText(habit));
    }
    setAttr(row.value, "data-value", String(habit.value));
    setAttr(row.value, "data-recorded", String(Boolean(habit.recorded)));
    setAttr(row.minus, "aria-label", `${habit.name}: one less (now ${habit.value} ${unit})`);
    setAttr(row.plus, "aria-label", `${habit.name}: one more (now ${habit.value} ${unit})`);
    row.minus.disabled = habit.value <= 0;
    row.plus.disabled = habit.value >= habit.max_value;
  } else {
    setAttr(row.toggle, "aria-pressed", String(habit.done));
  }
  row.day = view.day;

  // Under the name: the schedule when not every day, the week's count, and the streak.
  const note = [scheduleNote(habit), weekText(habit.week)].filter(Boolean).join(" · ");
  rebuild(row, "meta", `${habit.skipped}|${note}`, () => {
    row.meta.hidden = !(note || habit.skipped);
    replace(row.meta, habit.skipped ? h("span", { class: "skipped-badge" }, "Skipped") : null, note);
  });
  const { current: now, best, unit } = habit.streak;
  setAttr(row.streak, "data-streak", String(now));
  setAttr(row.streak, "data-best", String(best));
  setAttr(row.streak, "data-unit", unit || "days");
  setNodeValue(row.streakText, streakText(habit.streak));
  setNodeValue(row.bestText, best > now ? ` · best ${streakLength(best, unit)}` : "");
  if ((best > now) !== (row.best.parentNode === row.streak)) {
    if (best > now) row.streak.append(row.best);
    else row.best.remove();
  }

  // Below: the "Why" panel (a kept one stays open or shut as the user left it), and the
  // skip, zero and clear buttons, rebuilt only when which of them are there changes.
  rebuild(row, "why", [habit.own, habit.name, habit.what_counts, habit.why].join("|"), () => {
    const fresh = habit.what_counts || habit.why ? whyDetails(habit) : h("span", { class: "habit-foot-space" });
    if (row.why) row.why.replaceWith(fresh);
    else row.foot.prepend(fresh);
    row.why = fresh;
  });
  const atMost = habit.kind === "count" && habit.direction === "at_most";
  const which = { zero: atMost && !habit.recorded, clear: atMost && habit.recorded, skip: habit.due !== false };
  rebuild(row, "extras", [which.zero, which.clear, which.skip, habit.name].join("|"), () => {
    const fresh = extras(host, ctx, habit, which, row);
    if (row.extras) row.extras.remove();
    if (fresh) row.foot.append(fresh);
    row.extras = fresh;
  });
  const isToday = view.day === view.today;
  if (which.zero) setNodeValue(row.zeroText, isToday ? "None today" : "None that day");
  if (which.skip) setAttr(row.skip, "aria-pressed", String(Boolean(habit.skipped)));
}

/** Rebuilds a part of `row` with `draw()` when its `key` differs from the one it was drawn with. */
function rebuild(row, part, key, draw) {
  if (row.keys[part] === key) return;
  row.keys[part] = key;
  draw();
}

function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setNodeValue(node, text) {
  if (node.nodeValue !== text) node.nodeValue = text;
}

/** Makes `list` (in the page) hold the rows of `habits` in order: a row already on the screen
 *  (in either list) is drawn again in place, and moved only if its place changed. `kept`: the
 *  rows on the screen before, by habit id; rows taken from it are removed from it. */
function drawRows(host, ctx, view, list, habits, kept) {
  let at = list.firstElementChild;
  for (const habit of habits) {
    const old = kept.get(habit.id);
    const li = rowFor(host, ctx, view, habit, old);
    if (li === old) kept.delete(habit.id);
    if (li === at) at = at.nextElementSibling;
    else list.insertBefore(li, at);
  }
}

/** `li` drawn again for `habit` when it is a row of the same kind, or else a new row. */
function rowFor(host, ctx, view, habit, li) {
  const row = li && rowParts.get(li);
  if (!row || row.kind !== habit.kind) return habitRow(host, ctx, view, habit);
  drawRow(host, ctx, view, habit, row);
  return li;
}

function whyDetails(habit) {
  return h("details", {
    class: "why", open: openWhy.has(habit.id),
    ontoggle: (event) => { if (event.target.open) openWhy.add(habit.id); else openWhy.delete(habit.id); },
  },
    h("summary", { "data-focus-key": `why-${habit.id}` }, habit.own ? "Why" : "Why this helps",
      h("span", { class: "visually-hidden" }, `: ${habit.name}`)),
    habit.what_counts ? h("p", {}, h("strong", {}, "Counts: "), habit.what_counts) : null,
    habit.why ? h("p", { class: "why-text" }, habit.why) : null,
  );
}

/** The buttons `which` names: for an at-most count the explicit zero or the clear control,
 *  and the skip toggle. The zero button's words for the day are set by `drawRow`. */
function extras(host, ctx, habit, which, row) {
  const buttons = [];
  row.zeroText = document.createTextNode("");
  if (which.zero) {
    buttons.push(h("button", {
      type: "button", class: "small-button", "data-action": "record-zero", "data-focus-key": `zero-${habit.id}`,
      onclick: () => save(host, ctx, habit.id, current.day, () => 0),
    }, row.zeroText, h("span", { class: "visually-hidden" }, `: ${habit.name}`)));
  }
  if (which.clear) {
    buttons.push(h("button", {
      type: "button", class: "small-button", "data-action": "clear", "data-focus-key": `clear-${habit.id}`,
      onclick: () => save(host, ctx, habit.id, current.day, () => null),
    }, "Clear", h("span", { class: "visually-hidden" }, ` ${habit.name}`)));
  }
  row.skip = which.skip
    ? h("button", {
      type: "button", class: "small-button skip-toggle", "data-action": "skip", "data-focus-key": `skip-${habit.id}`,
      onclick: () => skip(host, ctx, habit.id, current.day),
    // One label whatever the day: new words on 30 buttons would lay them all out again.
    }, icons.skip(), "Skip day", h("span", { class: "visually-hidden" }, `: ${habit.name}`))
    : null;
  if (row.skip) buttons.push(row.skip);
  return buttons.length ? h("div", { class: "habit-extras" }, ...buttons) : null;
}

/** Queues a request about one habit on `day`, made from the latest state drawn, and draws its
 *  answer. `request(latest)` returns the command's promise. */
function enqueue(host, ctx, habitId, day, request) {
  queue = queue.then(async () => {
    const latest = current && current.day === day && findHabit(current, habitId);
    if (!latest) return;
    try {
      await applyAnswer(host, ctx, await request(latest));
    } catch (err) {
      ctx.toast(err.message, { error: true });
    }
  });
  return queue;
}

/** `nextValue(latest)`: the value to store, or null to clear the record. */
function save(host, ctx, habitId, day, nextValue) {
  return enqueue(host, ctx, habitId, day, (latest) => api.setCheckIn(habitId, day, nextValue(latest)));
}

function skip(host, ctx, habitId, day) {
  return enqueue(host, ctx, habitId, day, (latest) => api.setSkip(habitId, day, !latest.skipped));
}

/** Applies a toggle's answer (the one habit's value, done state and streak, and the day's
 *  count): redraws that habit's row and the ring only, keeping focus where it was. A
 *  times-a-week habit can become due or not with it, so then the whole day is read again. */
async function applyAnswer(host, ctx, answer) {
  const habit = current && current.day === answer.day && findHabit(current, answer.habit_id);
  if (!habit) return;
  const fields = ["value", "recorded", "done", "skipped", "streak", "week"];
  for (const field of fields) if (field in answer) habit[field] = answer[field];
  Object.assign(current, { done_count: answer.done_count, total: answer.total });
  if (habit.schedule && habit.schedule.kind === "times_per_week") {
    await reload(host, ctx);
    return;
  }
  const previousFocus = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.focusKey
    : null;
  const row = host.querySelector(`li[data-habit="${CSS.escape(habit.id)}"]`);
  const ring = host.querySelector(".progress-card");
  if (!row || !ring) {
    render(host, ctx, current);
    return;
  }
  const drawn = rowFor(host, ctx, current, habit, row);
  if (drawn !== row) row.replaceWith(drawn);
  ring.replaceWith(progressRing(current));
  if (previousFocus) restoreFocus(host, previousFocus);
}

async function reload(host, ctx) {
  const day = ctx.selectedDay;
  // For another day, its log and banner are asked for beside its view and all three are drawn
  // in one task, so the whole screen changes in one frame (not the habits first and the log
  // a frame later). The same day again keeps both as they are.
  const another = Boolean(day) && (!current || current.day !== day);
  const log = another ? settle(api.dayLog(day)) : null;
  const banner = another ? settle(api.experimentBanner(day)) : null;
  try {
    const view = await api.todayView(day);
    render(host, ctx, view, another && view.day === day ? { log: await log, banner: await banner } : {});
  } catch (err) {
    ctx.toast(err.message, { error: true });
  }
}
