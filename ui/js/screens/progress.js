// The Progress screen: the skin score over time beside habit adherence, the insights, and per
// habit a heat map with streaks, completion and strength. Every number comes from the Rust
// side; this module only draws it. Each chart has a text alternative saying the same.

import { api } from "../api.js";
import { openReport } from "./report.js";
import { h, s, replace, uid } from "../dom.js";
import { daysBetween, formatDay, monthTicks, plural, shiftDay } from "../format.js";
import { heatCellClass, heatCellLabel, markCounts, scheduleNote, streakLength } from "../habit-text.js";
import { icons } from "../icons.js";

// Loaded when first shown; its id, label and place in the tabs are in app.js.
export const progressScreen = { mount };

// The span shown: null until the user picks one (Rust's default), then the view's
// `default_weeks` or `year_weeks`.
let weeks = null;

// The checklist history is drawn with every render; it changes only on the Check screen.
let checklistHistory = null;

async function mount(host, ctx) {
  const [view, history] = await Promise.all([api.progressView(weeks), api.assessmentHistory()]);
  checklistHistory = history;
  render(host, ctx, view);
}

function render(host, ctx, view) {
  const toggle = h("button", {
    type: "button", class: "text-button", id: "span-toggle", "aria-pressed": String(view.weeks === view.year_weeks),
    onclick: async () => {
      weeks = view.weeks === view.year_weeks ? view.default_weeks : view.year_weeks;
      try {
        render(host, ctx, await api.progressView(weeks));
        host.querySelector("#span-toggle")?.focus();
      } catch (err) {
        ctx.toast(err.message, { error: true });
      }
    },
  }, "Whole year");
  replace(
    host,
    h("header", { class: "screen-header" },
      h("h1", { class: "screen-title" }, "Progress"),
      h("div", { class: "span-row" },
        h("p", { class: "muted", "data-weeks": view.weeks },
          `Last ${view.weeks} weeks, from ${formatDay(view.start, { day: "numeric", month: "short", year: "numeric" })}. `,
          `Tracking since ${formatDay(view.tracking_since, { day: "numeric", month: "short", year: "numeric" })}.`),
        toggle,
      ),
      h("button", {
        type: "button", class: "text-button", "data-action": "open-report",
        onclick: () => openReport(host, ctx, "progress").catch((err) => ctx.toast(err.message, { error: true })),
      }, "Summary for your doctor (PDF)"),
    ),
    skinSection(view),
    insightsSection(view),
    experimentCard(ctx),
    checklistSection(ctx),
    habitsSection(view),
  );
  // A year does not fit the window: start each heat map at its latest weeks.
  for (const scroller of host.querySelectorAll(".heat-scroll")) {
    scroller.scrollLeft = scroller.scrollWidth;
  }
}

// ---- The way to a planned experiment -----------------------------------------------------

function experimentCard(ctx) {
  const titleId = uid("experiment-link-title");
  return h("section", { class: "card", "aria-labelledby": titleId, id: "experiment-link" },
    h("h2", { id: titleId, class: "section-title" }, "Experiment"),
    h("p", {}, "The insights only compare weeks as they happened. To find out whether one change (dairy-free, a probiotic, …) helps your skin, try it in planned blocks with and without."),
    h("button", { type: "button", class: "text-button", "data-action": "open-experiment", onclick: () => ctx.show("experiment") }, "Plan or see an experiment"),
  );
}

// ---- The indicator checklist over time ----------------------------------------------------

function checklistSection(ctx) {
  const titleId = uid("checklist-title");
  const taken = (checklistHistory?.assessments || []).filter((a) => a.outcome).reverse();
  const section = h("section", { class: "card", "aria-labelledby": titleId, id: "checklist-history" },
    h("h2", { id: titleId, class: "section-title" }, "Checklist results"));
  if (taken.length === 0) {
    section.append(
      h("p", {}, "No checklist taken yet. Take it on Check, and again every few weeks, to see here how the signs change."),
      h("button", { type: "button", class: "text-button", onclick: () => ctx.show("check") }, "Take the checklist"),
    );
    return section;
  }
  const date = (day) => formatDay(day, { day: "numeric", month: "short", year: "numeric" });
  const groupCount = taken[0].outcome.group_count;
  const width = 360, top = 12, height = 84, left = 22, right = 10;
  const x = (i) => (taken.length === 1 ? (left + width - right) / 2 : left + (i * (width - left - right)) / (taken.length - 1));
  const y = (n) => top + height - (n / groupCount) * height;
  const points = taken.map((a, i) => `${x(i).toFixed(1)},${y(a.outcome.groups_with_yes).toFixed(1)}`);
  const chart = s("svg", { class: "chart", viewBox: `0 0 ${width} ${top + height + 18}`, "aria-hidden": "true" },
    ...Array.from({ length: groupCount + 1 }, (_, n) => [
      s("line", { class: "grid", x1: left, x2: width - right, y1: y(n), y2: y(n) }),
      s("text", { class: "axis", x: 2, y: y(n) + 3 }, String(n)),
    ]).flat(),
    taken.length > 1 ? s("polyline", { class: "skin-line", points: points.join(" ") }) : null,
    ...taken.map((a, i) => s("circle", { class: "checklist-point", cx: x(i), cy: y(a.outcome.groups_with_yes), r: 4.5 })),
  );
  const first = taken[0], last = taken[taken.length - 1];
  const trend = taken.length === 1
    ? `One checklist so far, on ${date(first.day)}: ${first.outcome.groups_with_yes} of ${groupCount} areas with a yes.`
    : `${taken.length} checklists from ${date(first.day)} to ${date(last.day)}: ${first.outcome.groups_with_yes} of ${groupCount} areas with a yes at first, ${last.outcome.groups_with_yes} in the latest.`;
  section.append(
    h("figure", { class: "figure" },
      chart,
      h("figcaption", {}, trend, " Fewer areas with a yes is better."),
    ),
    h("ul", { class: "checklist-results" },
      ...taken.slice().reverse().map((a) => h("li", { "data-day": a.day, "data-areas": a.outcome.groups_with_yes },
        h("span", { class: "backup-when" }, date(a.day)), " · ",
        `${a.outcome.groups_with_yes} of ${groupCount} areas: ${a.outcome.headline}`)),
    ),
  );
  return section;
}

// ---- Skin over time, with adherence on the same axis -------------------------------------

const CHART = { width: 360, left: 22, right: 6, skinTop: 22, skinHeight: 120, gap: 34, barHeight: 56 };

function skinSection(view) {
  const titleId = uid("skin-title");
  const days = view.adherence.length * 7;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const x = (day) => CHART.left + ((daysBetween(view.start, day) + 0.5) / days) * plotWidth;
  const skin = view.skin_scale;
  const ySkin = (v) => CHART.skinTop + ((v - skin.low) / (skin.high - skin.low)) * CHART.skinHeight; // clear at the top
  const barTop = CHART.skinTop + CHART.skinHeight + CHART.gap;
  const height = barTop + CHART.barHeight + 22;

  const grid = skin.labels.map((_, i) => skin.low + i).map((v) => s("g", {},
    s("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right, y1: ySkin(v), y2: ySkin(v) }),
    s("text", { class: "axis", x: CHART.left - 6, y: ySkin(v) + 4, "text-anchor": "end" }, String(v)),
  ));
  const points = view.skin_points.map((p) => s("circle", {
    class: "skin-point", cx: x(p.day).toFixed(1), cy: ySkin(p.skin).toFixed(1), r: 2.2, "data-day": p.day, "data-skin": p.skin,
  }));
  const line = smoothedPath(view.skin_smoothed, x, ySkin);
  const colWidth = plotWidth / view.adherence.length;
  const bars = view.adherence.map((w, i) => {
    const share = w.possible ? w.done / w.possible : 0;
    const hgt = share * CHART.barHeight;
    return s("rect", {
      class: w.possible ? "adherence-bar" : "adherence-bar untracked",
      x: (CHART.left + i * colWidth + 1).toFixed(1), width: Math.max(colWidth - 2, 1).toFixed(1),
      y: (barTop + CHART.barHeight - hgt).toFixed(1), height: Math.max(hgt, 0.5).toFixed(1),
      "data-week": w.start, "data-done": w.done, "data-possible": w.possible,
    });
  });
  const months = monthTicks(view.start, days).map(({ day, label }) => s("text", {
    class: "axis", x: x(day).toFixed(1), y: height - 4, "text-anchor": "middle",
  }, label));

  const svg = s("svg", {
    class: "chart", viewBox: `0 0 ${CHART.width} ${height}`, role: "img", "aria-labelledby": `${titleId}-cap`,
  },
    s("text", { class: "axis-title", x: 0, y: 12 }, `Skin score (${skinEnds(skin)})`),
    ...grid,
    line ? s("path", { class: "skin-line", d: line }) : null,
    ...points,
    s("text", { class: "axis-title", x: 0, y: barTop - 8 }, "Habits done each week"),
    s("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right, y1: barTop + CHART.barHeight, y2: barTop + CHART.barHeight }),
    ...bars,
    ...months,
  );

  return h("section", { class: "card", "aria-labelledby": titleId, id: "skin-chart" },
    h("h2", { id: titleId, class: "section-title" }, "Skin and habits"),
    h("figure", { class: "figure" },
      svg,
      h("figcaption", { id: `${titleId}-cap` }, skinCaption(view)),
      h("p", { class: "legend muted" },
        h("span", { class: "legend-item" }, h("span", { class: "key key-point", "aria-hidden": "true" }), " daily score"),
        h("span", { class: "legend-item" }, h("span", { class: "key key-line", "aria-hidden": "true" }), " 7-day average"),
        h("span", { class: "legend-item" }, h("span", { class: "key key-bar", "aria-hidden": "true" }), " share of habits done")),
      weekTable(view),
    ),
  );
}

function smoothedPath(points, x, y) {
  let d = "";
  let previous = null;
  for (const p of points) {
    // A gap of more than a day in the average starts a new stroke rather than bridging it.
    const join = previous && daysBetween(previous, p.day) === 1;
    d += `${join ? "L" : "M"}${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`;
    previous = p.day;
  }
  return d;
}

/** The chart's caption, from the trend the domain computed (progress::SkinTrend). */
/** "0 clear, 4 severe", from the skin scale's ends. */
function skinEnds(skin) {
  const words = skin.labels;
  return `${skin.low} ${words[0].toLowerCase()}, ${skin.high} ${words[words.length - 1].toLowerCase()}`;
}

function skinCaption(view) {
  const t = view.skin_trend;
  if (!t) return "No skin scores logged in this period yet. Rate your skin on Today to see it here.";
  const verdict = { clearer: "got clearer", worse: "got worse", about_the_same: "stayed about the same" }[t.verdict];
  const skinWeeks = plural(t.skin_weeks, "week", "weeks");
  const habitWeeks = plural(t.habit_weeks, "week", "weeks");
  return `${plural(view.skin_points.length, "skin score", "skin scores")} logged. Your skin ${verdict}: ` +
    `${t.skin_first.toFixed(1)} on average in the first ${skinWeeks} with scores, ` +
    `${t.skin_last.toFixed(1)} in the last ${skinWeeks} (${skinEnds(view.skin_scale)}). ` +
    `Habits done: ${t.done_first_percent}% of possible in the first ${habitWeeks}, ` +
    `${t.done_last_percent}% in the last ${habitWeeks}.`;
}

function weekTable(view) {
  return h("details", { class: "table-details" },
    h("summary", {}, "Show as a table"),
    h("table", { class: "data-table" },
      h("caption", { class: "visually-hidden" }, "Habits done and average skin score, week by week"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Week of"),
        h("th", { scope: "col" }, "Habits done"),
        h("th", { scope: "col" }, "Average skin"))),
      h("tbody", {}, ...view.adherence.map((w) => h("tr", {},
        h("th", { scope: "row" }, formatDay(w.start, { day: "numeric", month: "short" })),
        h("td", {}, w.possible ? `${Math.round((100 * w.done) / w.possible)}%` : "not tracked"),
        h("td", {}, w.skin_mean === null ? "—" : w.skin_mean.toFixed(1)),
      ))),
    ),
  );
}

// ---- Insights ---------------------------------------------------------------------------

function insightsSection(view) {
  const titleId = uid("insights-title");
  return h("section", { class: "card", "aria-labelledby": titleId, id: "insights" },
    h("h2", { id: titleId, class: "section-title" }, "Insights"),
    h("p", { class: "muted" },
      `Does your skin differ in the ${plural(view.lag_days, "day", "days")} after weeks you kept a habit up ` +
      `(${view.good_week_min_days} or more days) and after the other weeks? Lower scores mean clearer skin. ` +
      `The ${view.confidence_percent}% interval is the range the ` +
      "true difference plausibly lies in, widened because neighbouring weeks tend to be alike; " +
      "adjusted p-values allow for testing several habits at once."),
    h("ul", { class: "insight-list", role: "list" }, ...view.insights.map(insightItem)),
  );
}

function insightItem(i) {
  const attrs = {
    class: `insight insight-${i.status}`,
    "data-habit": i.habit_id,
    "data-status": i.status,
    "data-good-weeks": i.good_weeks,
    "data-other-weeks": i.other_weeks,
  };
  if (i.status === "result") {
    attrs["data-difference"] = i.difference.toFixed(3);
    attrs["data-ci-low"] = i.ci_low.toFixed(3);
    attrs["data-ci-high"] = i.ci_high.toFixed(3);
    attrs["data-p-adjusted"] = i.p_adjusted.toFixed(4);
  }
  return h("li", attrs,
    h("h3", { class: "insight-title" }, i.habit_name, h("span", { class: "insight-headline" }, i.headline)),
    i.status === "result" ? intervalChart(i) : null,
    h("p", { class: "insight-text" }, i.summary),
  );
}

/** The difference and its 95% interval on a −2…+2 scale around "no difference". */
function intervalChart(i) {
  const width = 300;
  const mid = width / 2;
  const scale = (v) => mid + (Math.max(-2, Math.min(2, v)) / 2) * (mid - 20);
  const significant = i.significant;
  return s("svg", { class: "interval", viewBox: `0 0 ${width} 44`, "aria-hidden": "true" },
    s("line", { class: "grid", x1: 20, x2: width - 20, y1: 18, y2: 18 }),
    s("line", { class: "zero", x1: mid, x2: mid, y1: 6, y2: 30 }),
    s("line", { class: significant ? "ci ci-strong" : "ci", x1: scale(i.ci_low), x2: scale(i.ci_high), y1: 18, y2: 18 }),
    s("circle", { class: significant ? "est est-strong" : "est", cx: scale(i.difference), cy: 18, r: 5 }),
    s("text", { class: "axis", x: 20, y: 42 }, "clearer"),
    s("text", { class: "axis", x: mid, y: 42, "text-anchor": "middle" }, "no difference"),
    s("text", { class: "axis", x: width - 20, y: 42, "text-anchor": "end" }, "worse"),
  );
}

// ---- Per habit ----------------------------------------------------------------------------

function habitsSection(view) {
  const titleId = uid("habits-title");
  const active = view.habits.filter((habit) => !habit.archived);
  const archived = view.habits.filter((habit) => habit.archived);
  const archivedId = uid("archived-title");
  return [
    h("section", { class: "habits-progress", "aria-labelledby": titleId },
      h("h2", { id: titleId, class: "section-title" }, "Habits"),
      h("p", { class: "muted strength-explained" }, view.strength_explained),
      h("ul", { class: "habit-progress-list", role: "list" }, ...active.map((habit) => habitCard(view, habit))),
    ),
    archived.length
      ? h("section", { class: "habits-progress archived-progress", "aria-labelledby": archivedId, "data-section": "archived" },
        h("h2", { id: archivedId, class: "section-title" }, "Archived"),
        h("p", { class: "muted strength-explained" }, "Habits you turned off, with the history they have. Turn one on again in Settings."),
        h("ul", { class: "habit-progress-list", role: "list" }, ...archived.map((habit) => habitCard(view, habit))),
      )
      : null,
  ];
}

function habitCard(view, habit) {
  const { current, best, unit } = habit.streak;
  const schedule = scheduleNote(habit);
  return h("li", { class: `card habit-progress${habit.archived ? " is-archived" : ""}`, "data-habit": habit.id, "data-archived": String(Boolean(habit.archived)) },
    h("div", { class: "habit-progress-head" },
      h("h3", { class: "habit-name" }, habit.name),
      h("p", { class: "strength", "data-strength": habit.strength },
        h("span", { class: "strength-value" }, `${Math.round(habit.strength)}%`), " strength"),
    ),
    schedule ? h("p", { class: "muted small habit-schedule" }, schedule) : null,
    h("div", { class: "strength-meter", "aria-hidden": "true" },
      meterFill(habit.strength)),
    h("dl", { class: "stats" },
      stat("Streak", h("span", { class: "streak-now", "data-current": current, "data-best": best, "data-unit": unit || "days" },
        icons.flame(), streakLength(current, unit)), `best ${best}`),
      ...habit.completion.map((c) => stat(`Last ${c.window} days`,
        h("span", { class: "completion", "data-window": c.window, "data-done": c.done, "data-days": c.days },
          `${c.done} of ${c.days}`),
        c.days ? `${Math.round((100 * c.done) / c.days)}%` : "—")),
    ),
    heatMap(view, habit),
  );
}

function meterFill(strength) {
  const fill = h("span", { class: "strength-fill" });
  fill.style.width = `${Math.max(0, Math.min(100, strength))}%`;
  return fill;
}

function stat(label, value, note) {
  return h("div", { class: "stat" },
    h("dt", {}, label),
    h("dd", {}, value, h("span", { class: "muted stat-note" }, note)),
  );
}

const CELL = 13;
const GAP = 3;

function heatMap(view, habit) {
  const columns = view.adherence.length;
  const width = 28 + columns * (CELL + GAP);
  const height = 7 * (CELL + GAP) + 16;
  const capId = uid("heat-cap");
  const marks = habit.marks || [];
  const cells = habit.heat.flatMap((level, i) => {
    const day = shiftDay(view.start, i);
    const tracked = day >= view.tracking_since;
    const mark = tracked ? marks[i] || 0 : 0;
    const x = 28 + Math.floor(i / 7) * (CELL + GAP);
    const y = 14 + (i % 7) * (CELL + GAP);
    const cell = s("rect", {
      class: heatCellClass(level, mark, tracked),
      x, y, width: CELL, height: CELL, rx: 3,
      "data-day": day, "data-done": String(level === 2), "data-level": level, "data-mark": mark,
    }, s("title", {}, `${formatDay(day, { weekday: "short", day: "numeric", month: "short" })}: ${heatCellLabel(level, mark, tracked)}`));
    // A shape as well as a colour: a slash for a skipped day, a dot for a day not due.
    const onDone = level === 2 ? " on-done" : "";
    if (mark === 1) return [cell, s("line", { class: `cell-mark${onDone}`, x1: x + 3, y1: y + CELL - 3, x2: x + CELL - 3, y2: y + 3 })];
    if (mark === 2) return [cell, s("circle", { class: `cell-dot${onDone}`, cx: x + CELL / 2, cy: y + CELL / 2, r: 1.8 })];
    return [cell];
  });
  const weekdays = ["Mon", "", "Wed", "", "Fri", "", "Sun"].map((label, r) => label ? s("text", {
    class: "axis", x: 0, y: 14 + r * (CELL + GAP) + CELL - 2,
  }, label) : null);
  const months = monthTicks(view.start, columns * 7, true).map(({ day, label }) => s("text", {
    class: "axis", x: 28 + Math.floor(daysBetween(view.start, day) / 7) * (CELL + GAP), y: 10,
  }, label));
  return h("figure", { class: "figure heat" },
    // The year is wider than the window: the scroller takes keyboard focus so arrow keys pan it.
    h("div", view.weeks > view.default_weeks
      ? { class: "heat-scroll", tabindex: 0, role: "region", "aria-label": `${habit.name}, the whole year; scroll sideways` }
      : { class: "heat-scroll" },
      s("svg", { class: view.weeks > view.default_weeks ? "heatmap" : "heatmap fit", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": capId },
        ...weekdays, ...months, ...cells),
    ),
    h("figcaption", { id: capId, class: "muted" }, heatCaption(view, habit)),
  );
}

function heatCaption(view, habit) {
  const partial = habit.heat.includes(1) ? "; outlined ones had some, below the target" : "";
  const { skipped, notDue, excused } = markCounts(habit.marks, (i) => shiftDay(view.start, i) >= view.tracking_since, habit.heat);
  // A skipped day or a day not due is not a miss.
  const missed = Math.max(habit.tracked_in_range - habit.done_in_range - excused, 0);
  const marks = [
    skipped ? `${plural(skipped, "day", "days")} skipped, drawn with a slash` : "",
    notDue ? `${plural(notDue, "day", "days")} not due, drawn with a dot` : "",
  ].filter(Boolean);
  return `${habit.name}: done on ${habit.done_in_range} of ${plural(habit.tracked_in_range, "tracked day", "tracked days")} ` +
    `in these ${view.weeks} weeks, missed ${missed}. Filled squares are done days${partial}.` +
    (marks.length ? ` ${marks.join("; ")}; neither counts as missed.` : "");
}
