// The experiment screen: plan one change (alternating blocks, or the weaker before/after), see
// the running one with its calendar and a provisional view, end it early or abandon it, and
// the results of earlier ones. Reached from Progress and from the banner on Today; it is not a
// tab. Every number and sentence of a result comes from the Rust side.

import { api } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { formatDay, plural } from "../format.js";

// Loaded when first shown; its id, label and place in the tabs are in app.js.
export const experimentScreen = { mount };

// The plan form as the user left it, kept across redraws.
let plan = null;
// Which "end" confirmation is open: null, "end" or "abandon".
let confirming = null;

const date = (day) => formatDay(day, { day: "numeric", month: "short", year: "numeric" });
const shortDate = (day) => formatDay(day, { day: "numeric", month: "short" });

async function mount(host, ctx) {
  const screen = await api.experimentView();
  await render(host, ctx, screen);
}

async function render(host, ctx, screen) {
  const body = [];
  if (screen.current) {
    body.push(runningSection(host, ctx, screen.current));
  } else {
    if (!plan) {
      const d = screen.defaults;
      plan = {
        habit_id: "dairy_free", outcome: "skin", design: "alternating_blocks",
        block_weeks: d.block_weeks, pairs: d.pairs, change_weeks: d.change_weeks,
      };
    }
    body.push(await planSection(host, ctx, screen));
  }
  body.push(historySection(screen));
  replace(
    host,
    h("header", { class: "screen-header" },
      h("h1", { class: "screen-title" }, "Experiment"),
      h("p", { class: "muted" }, "Does one change make a difference to your skin? Try it in blocks of weeks, with and without, and let the numbers say."),
      h("div", {},
        h("button", { type: "button", class: "text-button", "data-action": "back-to-progress", onclick: () => ctx.show("progress") }, "Back to Progress")),
    ),
    ...body,
    // Every result's summary ends with the caveat; the plan form says it on its own.
    screen.current ? null : h("p", { class: "note not-diagnosis", id: "experiment-caveat" }, screen.caveat),
  );
}

async function redraw(host, ctx, focusSelector) {
  try {
    await render(host, ctx, await api.experimentView());
    if (focusSelector) host.querySelector(focusSelector)?.focus();
  } catch (err) {
    ctx.toast(err.message, { error: true });
  }
}

// ---- Planning -------------------------------------------------------------------------------

async function planSection(host, ctx, screen) {
  const titleId = uid("plan-title");
  const field = (key) => (event) => {
    const el = event.target;
    plan[key] = el.type === "number" ? Number(el.value) : el.value;
    updatePreview(host, ctx);
  };
  const radio = (name, key, value, label, hint) => {
    const id = uid(name);
    return h("label", { class: "choice plan-choice", for: id },
      h("input", { type: "radio", id, name, value, checked: plan[key] === value, onchange: field(key) }),
      h("span", { class: "plan-choice-text" }, h("strong", {}, label), hint ? h("span", { class: "muted" }, hint) : null),
    );
  };
  const number = (key, label, min, max) => {
    const id = uid(key);
    return h("div", { class: "plan-number" },
      h("label", { for: id }, label),
      h("input", { type: "number", id, "data-field": key, min, max, step: 1, value: plan[key], inputmode: "numeric", onchange: field(key) }),
    );
  };
  const changeId = uid("change");
  const alternating = plan.design === "alternating_blocks";
  const section = h("section", { class: "card plan", "aria-labelledby": titleId, id: "experiment-plan" },
    h("h2", { id: titleId, class: "section-title" }, "Plan an experiment"),
    h("div", { class: "plan-explain" },
      h("p", {}, h("strong", {}, "Why blocks of weeks? "), "Skin changes slowly: a change takes weeks to show, so each block lasts at least a week, two by default."),
      h("p", {}, h("strong", {}, "What is the wash-in? "), "The first days of every block (5 by default) are recorded but not compared, while your skin catches up with the switch."),
      h("p", {}, h("strong", {}, "Why alternate? "), "With and without blocks take turns, and the order within each pair is drawn at random when you start, so a good or bad month cannot pass for the change."),
    ),
    h("div", { class: "plan-field" },
      h("label", { for: changeId, class: "plan-label" }, "The change"),
      h("select", { id: changeId, "data-field": "habit_id", onchange: field("habit_id") }, ...changeOptions(screen.choices)),
    ),
    h("fieldset", { class: "plan-field" },
      h("legend", { class: "plan-label" }, "What to measure"),
      h("div", { class: "plan-choices" },
        radio("outcome", "outcome", "skin", "Skin score"),
        radio("outcome", "outcome", "bloating", "Bloating")),
    ),
    h("fieldset", { class: "plan-field" },
      h("legend", { class: "plan-label" }, "Design"),
      h("div", { class: "plan-choices" },
        radio("design", "design", "alternating_blocks", "Alternating blocks", "Recommended: 4 pairs of 2-week blocks, 16 weeks"),
        radio("design", "design", "before_after", "Before and after", "Weaker: 2 usual weeks, then the change")),
    ),
    alternating
      ? h("div", { class: "plan-numbers" }, number("block_weeks", "Weeks per block", 1, 8), number("pairs", "Pairs of blocks", 1, 12))
      : h("div", { class: "plan-numbers" }, number("change_weeks", "Weeks with the change", 1, 50)),
    h("div", { id: "plan-preview", "aria-live": "polite" }),
  );
  await fillPreview(section.querySelector("#plan-preview"), host, ctx);
  return section;
}

/** The plan form's changes: GutSkin's habits, then the user's own (when there are any), each
 *  with what a change block asks; one that is off says so (starting switches it on). */
function changeOptions(choices) {
  const option = (c) => h("option", { value: c.habit_id, selected: c.habit_id === plan.habit_id },
    `${c.name}: ${c.change_instruction}${c.enabled ? "" : c.own ? " (archived)" : " (off in Settings)"}`);
  const own = choices.filter((c) => c.own);
  if (own.length === 0) return choices.map(option);
  return [
    h("optgroup", { label: "GutSkin's habits" }, ...choices.filter((c) => !c.own).map(option)),
    h("optgroup", { label: "Your own habits" }, ...own.map(option)),
  ];
}

let previewTimer = null;
function updatePreview(host, ctx) {
  // The design radio changes which numbers are asked: redraw the form, then the preview.
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    const target = host.querySelector("#plan-preview");
    if (!target) return;
    const focused = document.activeElement;
    const key = focused?.dataset?.field || (focused?.name ? `radio:${focused.name}:${focused.value}` : null);
    await redraw(host, ctx);
    if (key?.startsWith("radio:")) {
      const [, name, value] = key.split(":");
      host.querySelector(`input[name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`)?.focus();
    } else if (key) {
      host.querySelector(`[data-field="${CSS.escape(key)}"]`)?.focus();
    }
  }, 0);
}

function request() {
  const r = { habit_id: plan.habit_id, outcome: plan.outcome, design: plan.design };
  if (plan.design === "alternating_blocks") {
    r.block_weeks = plan.block_weeks;
    r.pairs = plan.pairs;
  } else {
    r.change_weeks = plan.change_weeks;
  }
  return r;
}

async function fillPreview(target, host, ctx) {
  let preview;
  try {
    preview = await api.experimentPreview(request());
  } catch (err) {
    replace(target, h("p", { class: "plan-error", role: "alert", "data-plan-error": "" }, err.message));
    return;
  }
  const start = async (button) => {
    button.disabled = true;
    try {
      const started = await api.experimentStart(request());
      plan = null;
      if (started.habit_switched_on) ctx.toast(`${started.habit_switched_on} was off; it is now on in Today, so you can check it off.`);
      else ctx.toast("The experiment has started.");
      await render(host, ctx, started.screen);
      host.querySelector("#experiment-running h2")?.focus();
    } catch (err) {
      button.disabled = false;
      ctx.toast(err.message, { error: true });
    }
  };
  replace(target,
    h("h3", { class: "plan-subtitle" }, `Your calendar: ${plural(preview.weeks, "week", "weeks")}, ${date(preview.start)} to ${date(preview.last)}`),
    preview.weaker ? h("p", { class: "weaker", "data-weaker": "" }, "Weaker design: anything that drifts over these weeks (season, stress, a new skin product) looks like an effect of the change. Alternating blocks protect against that.") : null,
    preview.habit_enabled ? null : h("p", { class: "note", "data-habit-off": "" }, `${preview.habit_name} is off in Settings. Starting switches it on, so you can check it off on Today.`),
    h("p", { class: "muted small", "data-archive-note": "" }, `While the experiment runs, ${preview.habit_name} stays on Today: it cannot be archived until the experiment ends.`),
    blockList(preview.blocks),
    preview.detectable ? h("p", { class: "muted" }, `With skin like most people's, this plan can show a difference of about ${preview.detectable.toFixed(1)} points or more.`) : null,
    h("button", { type: "button", class: "primary-button", "data-action": "start-experiment", onclick: (e) => start(e.currentTarget) }, "Start the experiment"),
  );
}

function blockList(blocks) {
  return h("ol", { class: "block-list", "aria-label": "Blocks" },
    ...blocks.map((b) => h("li", {
      class: `block${b.arm ? ` arm-${b.arm}` : ""}${b.current ? " is-current" : ""}`,
      "data-block": b.number, "data-arm": b.arm || "", "aria-current": b.current ? "step" : null,
    },
      h("span", { class: "block-label" }, `${b.number}. ${b.label}`, b.current ? " (now)" : ""),
      h("span", { class: "block-dates" }, `${shortDate(b.first)} – ${shortDate(b.last)}`,
        b.wash_in_last ? h("span", { class: "muted" }, ` · wash-in to ${shortDate(b.wash_in_last)}`) : null),
      b.kept_share === null || b.kept_share === undefined ? null
        : h("span", { class: "block-kept", "data-kept": Math.round(b.kept_share * 100) }, `kept ${Math.round(b.kept_share * 100)}%`),
    )));
}

// ---- The running experiment ----------------------------------------------------------------

function runningSection(host, ctx, e) {
  const titleId = uid("running-title");
  const p = e.position;
  const end = async (abandon) => {
    try {
      confirming = null;
      await render(host, ctx, await api.experimentEnd(e.id, abandon));
      ctx.toast(abandon ? "The experiment was abandoned; it stays in the history." : "The experiment was ended early; its result is below.");
      host.querySelector("#experiment-history h2")?.focus();
    } catch (err) {
      ctx.toast(err.message, { error: true });
    }
  };
  const ask = (what) => async () => {
    confirming = what;
    await redraw(host, ctx, "[data-action=confirm-end]");
  };
  const actions = confirming
    ? h("div", { class: "checklist-actions confirm", role: "group", "aria-label": "Confirm" },
      h("p", {}, confirming === "abandon"
        ? "Abandon the experiment? It is kept in the history as abandoned."
        : "End the experiment today? The days so far are analysed and kept in the history as ended early."),
      h("button", { type: "button", class: "danger-button", "data-action": "confirm-end", onclick: () => end(confirming === "abandon") },
        confirming === "abandon" ? "Yes, abandon it" : "Yes, end it now"),
      h("button", { type: "button", class: "text-button", "data-action": "cancel-end", onclick: async () => { confirming = null; await redraw(host, ctx, "[data-action=end-early]"); } }, "Keep going"))
    : h("div", { class: "result-actions" },
      h("button", { type: "button", class: "text-button", "data-action": "end-early", onclick: ask("end") }, "End early"),
      h("button", { type: "button", class: "text-button", "data-action": "abandon", onclick: ask("abandon") }, "Abandon"));
  return h("section", { class: "card experiment", "aria-labelledby": titleId, id: "experiment-running", "data-experiment": e.id, "data-status": e.status },
    h("h2", { id: titleId, class: "section-title", tabindex: "-1" }, `Running: ${e.habit_name}`),
    h("p", { class: "experiment-headline", "data-headline": "" }, p ? p.headline : `Starts on ${date(e.start)}`),
    p ? h("p", {}, p.instruction) : null,
    e.weaker ? h("p", { class: "weaker" }, "Before/after design: weaker than alternating blocks.") : null,
    e.habit_enabled ? null : h("p", { class: "note" }, `${e.habit_name} is off in Settings; switch it on to check it off.`),
    h("p", { class: "muted" }, `${date(e.start)} to ${date(e.last)} · measuring ${e.outcome === "skin" ? "the skin score" : "bloating"}`),
    resultBlock(e, true),
    h("h3", { class: "plan-subtitle" }, "Calendar"),
    blockList(e.blocks),
    actions,
  );
}

// ---- Results --------------------------------------------------------------------------------

const STATUS = { completed: "Completed", ended_early: "Ended early", abandoned: "Abandoned", running: "Running" };

function resultBlock(e, provisional) {
  const a = e.analysis;
  const est = a && a.estimate;
  const kind = a ? a.verdict.kind : "none";
  const unit = e.outcome === "skin" ? "skin score" : "bloating";
  return h("div", { class: `experiment-result${provisional ? " is-provisional" : ""}`, "data-verdict": kind },
    provisional ? h("p", { class: "exp-badge provisional" }, "Provisional") : null,
    est ? h("dl", { class: "result-numbers" },
      h("div", {},
        h("dt", {}, `Difference in ${unit} (${e.adjective} − usual)`),
        h("dd", { "data-effect": est.effect.toFixed(2) }, `${signed(est.effect)} points`)),
      h("div", {},
        h("dt", {}, "95% interval"),
        h("dd", { "data-ci-low": est.ci_low.toFixed(2), "data-ci-high": est.ci_high.toFixed(2) }, `${signed(est.ci_low)} to ${signed(est.ci_high)}`)),
      a.change_adherence === null ? null : h("div", {},
        h("dt", {}, `Kept in ${e.adjective} blocks`),
        h("dd", { "data-adherence": Math.round(a.change_adherence * 100) }, `${Math.round(a.change_adherence * 100)}% of days`)),
    ) : null,
    est ? h("p", { class: "muted" }, "Below zero means lower (better) with the change.") : null,
    h("p", { class: "experiment-summary", "data-summary": "" }, e.summary),
  );
}

function signed(x) {
  const v = Math.round(x * 10) / 10;
  return `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(1)}`;
}

function historySection(screen) {
  const titleId = uid("history-title");
  const section = h("section", { class: "history", "aria-labelledby": titleId, id: "experiment-history" },
    h("h2", { id: titleId, class: "section-title", tabindex: "-1" }, "Earlier experiments"));
  if (screen.history.length === 0) {
    section.append(h("p", { class: "muted" }, "None yet. A finished experiment, or one ended early, is kept here with its result."));
    return section;
  }
  section.append(h("ul", { class: "history-list" }, ...screen.history.map((e) => h("li", {
    class: "history-entry experiment-entry", "data-experiment": e.id, "data-status": e.status,
  },
    h("h3", { class: "history-band" }, `${e.habit_name} · ${STATUS[e.status] || e.status}`),
    h("p", { class: "muted" }, `${date(e.start)} to ${date(e.ended_on || e.last)}${e.weaker ? " · before/after (weaker)" : ""}`),
    resultBlock(e, false),
    h("details", {},
      h("summary", { class: "history-more" }, "Blocks and adherence", h("span", { class: "visually-hidden" }, `: ${e.habit_name}`)),
      blockList(e.blocks)),
  ))));
  return section;
}
