// The Today screen: the chosen day, a ring of how many habits are done, and one row per
// enabled habit (check habits: one toggle; count habits: − and +).

import { api } from "../api.js";
import { h, s, replace, uid } from "../dom.js";
import { formatDay, relativeDay, shiftDay, plural } from "../format.js";
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
// the latest saved state, so quick repeated taps on + are never lost or doubled.
let current = null;
// Which "Why this helps" panels are open, so a redraw after a tap keeps them open.
const openWhy = new Set();
let queue = Promise.resolve();

async function mount(host, ctx) {
  const view = await api.todayView(ctx.selectedDay);
  render(host, ctx, view);
}

function render(host, ctx, view) {
  current = view;
  ctx.selectedDay = view.day;
  const previousFocus = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.focusKey
    : null;

  replace(
    host,
    h("header", { class: "screen-header" },
      h("h1", { class: "screen-title" }, relativeDay(view.day, view.today)),
      dayNav(host, ctx, view),
    ),
    progressRing(view),
    experimentBanner(ctx, view.day, host),
    h("section", { class: "habits", "aria-labelledby": "habits-title" },
      h("h2", { id: "habits-title", class: "section-title" }, "Habits"),
      h("ul", { class: "habit-list", role: "list" }, ...view.habits.map((habit) => habitRow(host, ctx, view, habit))),
    ),
    dayLogCard(ctx, view.day, view.today),
  );

  if (previousFocus) restoreFocus(host, previousFocus);
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
  target.focus();
}

function focusFallback(key) {
  if (key === "day-forward" || key === "day-today") return "day-back";
  if (key.startsWith("minus-")) return `plus-${key.slice(6)}`;
  if (key.startsWith("plus-")) return `minus-${key.slice(5)}`;
  return null;
}

function dayNav(host, ctx, view) {
  const atToday = view.day === view.today;
  const go = (day) => async () => {
    ctx.selectedDay = day;
    await reload(host, ctx);
  };
  return h("nav", { class: "day-nav", "aria-label": "Choose day" },
    h("button", {
      type: "button", class: "icon-button", "data-focus-key": "day-back",
      "aria-label": "Previous day", title: "Previous day",
      onclick: go(shiftDay(view.day, -1)),
    }, icons.back()),
    h("p", { class: "day-label", "aria-live": "polite", "data-day": view.day },
      h("time", { datetime: view.day }, formatDay(view.day)),
    ),
    h("button", {
      type: "button", class: "icon-button", "data-focus-key": "day-forward",
      "aria-label": "Next day", title: "Next day", disabled: atToday,
      onclick: go(shiftDay(view.day, 1)),
    }, icons.forward()),
    atToday ? null : h("button", {
      type: "button", class: "text-button", "data-focus-key": "day-today",
      onclick: go(view.today),
    }, "Back to today"),
  );
}

function progressRing(view) {
  const r = 42;
  const circumference = 2 * Math.PI * r;
  const fraction = view.total ? view.done_count / view.total : 0;
  const label = `${view.done_count} of ${view.total} done`;
  return h("section", { class: "progress-card", "aria-label": "Progress for this day" },
    s("svg", { class: "ring", viewBox: "0 0 100 100", width: 112, height: 112, "aria-hidden": "true" },
      s("circle", { class: "ring-track", cx: 50, cy: 50, r }),
      fraction === 0 ? null : s("circle", {
        class: "ring-fill", cx: 50, cy: 50, r,
        "stroke-dasharray": `${(fraction * circumference).toFixed(2)} ${circumference.toFixed(2)}`,
        transform: "rotate(-90 50 50)",
      }),
      s("text", { x: 50, y: 48, class: "ring-count", "text-anchor": "middle" }, String(view.done_count)),
      s("text", { x: 50, y: 66, class: "ring-total", "text-anchor": "middle" }, `of ${view.total}`),
    ),
    h("div", {},
      h("p", { class: "progress-text", id: "done-summary", "data-done": view.done_count, "data-total": view.total }, label),
      h("p", { class: "muted" }, encouragement(view)),
    ),
  );
}

function encouragement(view) {
  if (view.total === 0) return "Turn on a habit in Settings to start tracking.";
  if (view.done_count === view.total) return "Everything done. Your gut thanks you.";
  if (view.done_count === 0) return view.day === view.today ? "Tap a habit when you have done it." : "Fill in what you did that day.";
  return `${plural(view.total - view.done_count, "habit", "habits")} to go.`;
}

function habitRow(host, ctx, view, habit) {
  const control = habit.kind === "count"
    ? countControl(host, ctx, view, habit)
    : checkControl(host, ctx, view, habit);
  return h("li", { class: `habit${habit.done ? " is-done" : ""}`, "data-habit": habit.id, "data-done": String(habit.done) },
    control,
    h("details", {
      class: "why", open: openWhy.has(habit.id),
      ontoggle: (event) => { if (event.target.open) openWhy.add(habit.id); else openWhy.delete(habit.id); },
    },
      h("summary", { "data-focus-key": `why-${habit.id}` }, "Why this helps",
        h("span", { class: "visually-hidden" }, `: ${habit.name}`)),
      h("p", {}, h("strong", {}, "Counts: "), habit.what_counts),
      h("p", {}, habit.why),
    ),
  );
}

function streakLine(habit) {
  const { current, best } = habit.streak;
  return h("span", { class: "streak", "data-streak": current, "data-best": best },
    icons.flame(),
    current > 0 ? `${plural(current, "day", "days")} in a row` : "No streak yet",
    best > current ? h("span", { class: "muted" }, ` · best ${best}`) : null,
  );
}

function checkControl(host, ctx, view, habit) {
  return h("button", {
    type: "button",
    class: "habit-toggle",
    "aria-pressed": String(habit.done),
    "data-focus-key": `toggle-${habit.id}`,
    onclick: () => save(host, ctx, habit.id, view.day, (latest) => (latest.done ? 0 : 1)),
  },
    h("span", { class: "check-box", "aria-hidden": "true" }, icons.check()),
    h("span", { class: "habit-text" },
      h("span", { class: "habit-name" }, habit.name),
      streakLine(habit),
    ),
  );
}

function countControl(host, ctx, view, habit) {
  const nameId = uid("habit");
  const unit = habit.unit || "";
  const state = habit.done ? "done" : `${Math.max(habit.target - habit.value, 0)} to go`;
  return h("div", { class: "habit-count", role: "group", "aria-labelledby": nameId },
    h("span", { class: "check-box", "aria-hidden": "true" }, icons.check()),
    h("span", { class: "habit-text" },
      h("span", { class: "habit-name", id: nameId }, habit.name),
      h("output", { class: "count-value", "data-value": habit.value, "aria-live": "polite" },
        `${habit.value} of ${habit.target} ${unit} · ${state}`),
      streakLine(habit),
    ),
    h("div", { class: "stepper" },
      h("button", {
        type: "button", class: "icon-button", "data-action": "decrement", "data-focus-key": `minus-${habit.id}`,
        "aria-label": `${habit.name}: one less (now ${habit.value} ${unit})`,
        disabled: habit.value <= 0,
        onclick: () => save(host, ctx, habit.id, view.day, (latest) => latest.value - 1),
      }, icons.minus()),
      h("button", {
        type: "button", class: "icon-button", "data-action": "increment", "data-focus-key": `plus-${habit.id}`,
        "aria-label": `${habit.name}: one more (now ${habit.value} ${unit})`,
        disabled: habit.value >= habit.max_value,
        onclick: () => save(host, ctx, habit.id, view.day, (latest) => latest.value + 1),
      }, icons.plus()),
    ),
  );
}

function save(host, ctx, habitId, day, nextValue) {
  queue = queue.then(async () => {
    const latest = current && current.day === day && current.habits.find((h) => h.id === habitId);
    if (!latest) return;
    try {
      applyAnswer(host, ctx, await api.setCheckIn(habitId, day, nextValue(latest)));
    } catch (err) {
      ctx.toast(err.message, { error: true });
    }
  });
  return queue;
}

/** Applies a toggle's answer (the one habit's value, done state and streak, and the day's
 *  count): redraws that habit's row and the ring only, keeping focus where it was. */
function applyAnswer(host, ctx, answer) {
  const habit = current && current.day === answer.day && current.habits.find((h) => h.id === answer.habit_id);
  if (!habit) return;
  Object.assign(habit, { value: answer.value, done: answer.done, streak: answer.streak });
  Object.assign(current, { done_count: answer.done_count, total: answer.total });
  const previousFocus = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.focusKey
    : null;
  const row = host.querySelector(`li[data-habit="${CSS.escape(habit.id)}"]`);
  const ring = host.querySelector(".progress-card");
  if (!row || !ring) {
    render(host, ctx, current);
    return;
  }
  row.replaceWith(habitRow(host, ctx, current, habit));
  ring.replaceWith(progressRing(current));
  if (previousFocus) restoreFocus(host, previousFocus);
}

async function reload(host, ctx) {
  try {
    const view = await api.todayView(ctx.selectedDay);
    render(host, ctx, view);
  } catch (err) {
    ctx.toast(err.message, { error: true });
  }
}
