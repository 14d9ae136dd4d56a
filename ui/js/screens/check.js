// The Check screen: the indicator checklist (every answer saved to the draft as it is given),
// the result of the latest assessment, and the history with how the latest compares.

import { api } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { formatDay, plural } from "../format.js";
import { icons } from "../icons.js";

// Loaded when first shown; its id, label and place in the tabs are in app.js.
export const checkScreen = { mount };

// What the screen shows: the checklist (with its draft), the saved history, and whether the
// user chose to retake the checklist while a result is on screen.
let state = null;
// Answers are saved one after another, in the order they were given.
let queue = Promise.resolve();

const LONG_DATE = { day: "numeric", month: "long", year: "numeric" };

async function mount(host, ctx) {
  // An answer given just before leaving the screen may still be on its way.
  await queue;
  const [view, history] = await Promise.all([api.checklist(), api.assessmentHistory()]);
  state = { view, draft: view.draft, history, retaking: false };
  render(host, ctx);
}

function render(host, ctx) {
  const latest = state.history.assessments[0];
  const showChecklist = !latest || state.retaking || state.draft.answered > 0;
  replace(
    host,
    h("header", { class: "screen-header" },
      h("h1", { class: "screen-title", tabindex: "-1" }, "Check"),
      h("p", { class: "muted" },
        `Could your acne have a gut component? ${state.draft.total} quick questions, about a minute.`),
    ),
    showChecklist ? checklist(host, ctx) : resultCard(latest, ctx, host),
    history(),
  );
}

function answerLabel(value) {
  const choice = state.view.answers.find((a) => a.value === value);
  return choice ? choice.label : "Not asked";
}

// ---- The checklist --------------------------------------------------------------------

function checklist(host, ctx) {
  const { view, draft } = state;
  return h("section", { class: "checklist", "aria-labelledby": "checklist-title" },
    h("h2", { id: "checklist-title", class: "visually-hidden" }, "The checklist"),
    h("div", { class: "checklist-status" },
      h("p", { id: "draft-progress", class: "progress-text", "aria-live": "polite", "data-answered": draft.answered },
        progressText(draft)),
      h("p", { class: "muted" }, `Answers are saved as you go. ${view.not_sure_means}`),
    ),
    ...view.groups.map((group) =>
      h("section", { class: "check-group", "data-group": group.id, "aria-labelledby": `group-${group.id}` },
        h("h3", { id: `group-${group.id}`, class: "section-title" }, group.name),
        h("p", { class: "muted group-prompt" }, group.prompt),
        ...group.indicators.map((indicator) => indicatorFieldset(host, ctx, indicator)),
      ),
    ),
    checklistActions(host, ctx),
  );
}

function progressText(draft) {
  if (draft.complete) return `All ${draft.total} answered`;
  return `${draft.answered} of ${draft.total} answered`;
}

function indicatorFieldset(host, ctx, indicator) {
  const current = state.draft.answers[indicator.id] || null;
  return h("fieldset", { class: "indicator", "data-indicator": indicator.id },
    h("legend", { class: "indicator-text" }, indicator.text),
    h("div", { class: "choices" },
      ...state.view.answers.map((choice) =>
        h("label", { class: "choice", "data-value": choice.value },
          h("input", {
            type: "radio",
            name: `answer-${indicator.id}`,
            value: choice.value,
            checked: current === choice.value,
            onchange: () => saveAnswer(host, ctx, indicator.id, choice.value),
          }),
          h("span", {}, choice.label),
        ),
      ),
    ),
    h("details", { class: "why" },
      h("summary", {}, "Why this matters",
        h("span", { class: "visually-hidden" }, `: ${indicator.text}`)),
      h("p", {}, indicator.why),
    ),
  );
}

function saveAnswer(host, ctx, indicatorId, value) {
  queue = queue.then(async () => {
    try {
      state.draft = await api.setDraftAnswer(indicatorId, value);
      refreshStatus(host, ctx);
    } catch (err) {
      ctx.toast(err.message, { error: true });
      // Show what is really saved, not what was clicked.
      const saved = state.draft.answers[indicatorId];
      for (const input of host.querySelectorAll(`input[name="answer-${CSS.escape(indicatorId)}"]`)) {
        input.checked = input.value === saved;
      }
    }
  });
  return queue;
}

// Updates the count and the buttons in place, so focus stays on the radio just chosen.
function refreshStatus(host, ctx) {
  const progress = host.querySelector("#draft-progress");
  if (progress) {
    progress.textContent = progressText(state.draft);
    progress.dataset.answered = String(state.draft.answered);
  }
  const actions = host.querySelector(".checklist-actions");
  if (actions) actions.replaceWith(checklistActions(host, ctx));
}

function checklistActions(host, ctx, { confirming = false } = {}) {
  const { draft } = state;
  const hasResult = state.history.assessments.length > 0;
  if (confirming) {
    return h("div", { class: "checklist-actions confirm", role: "group", "aria-labelledby": "discard-question" },
      h("p", { id: "discard-question" }, `Discard your ${plural(draft.answered, "answer", "answers")}?`),
      h("button", { type: "button", class: "danger-button", "data-action": "confirm-discard", onclick: () => discard(host, ctx) },
        "Discard"),
      h("button", {
        type: "button", class: "text-button", "data-action": "keep",
        onclick: (event) => {
          const actions = checklistActions(host, ctx);
          event.currentTarget.closest(".checklist-actions").replaceWith(actions);
          actions.querySelector("[data-action='discard']")?.focus();
        },
      }, "Keep them"),
    );
  }
  return h("div", { class: "checklist-actions" },
    h("button", { type: "button", class: "primary-button", "data-action": "save", onclick: () => save(host, ctx) },
      "See my result"),
    draft.answered > 0
      ? h("button", {
        type: "button", class: "text-button", "data-action": "discard",
        onclick: (event) => {
          const actions = checklistActions(host, ctx, { confirming: true });
          event.currentTarget.closest(".checklist-actions").replaceWith(actions);
          actions.querySelector("[data-action='keep']").focus();
        },
      }, "Discard answers")
      : hasResult
        ? h("button", {
          type: "button", class: "text-button", "data-action": "cancel-retake",
          onclick: () => { state.retaking = false; render(host, ctx); },
        }, "Back to my result")
        : null,
  );
}

async function save(host, ctx) {
  await queue;
  if (!state.draft.complete) {
    const open = [...host.querySelectorAll("fieldset.indicator")]
      .find((f) => !state.draft.answers[f.dataset.indicator]);
    const missing = state.draft.total - state.draft.answered;
    ctx.toast(`${plural(missing, "question is", "questions are")} still open. "Not sure" is a fine answer.`, { error: true });
    if (open) {
      open.scrollIntoView({ block: "center" });
      open.querySelector("input").focus();
    }
    return;
  }
  try {
    state.history = await api.saveAssessment();
    state.draft = { ...state.draft, answers: {}, answered: 0, complete: false };
    state.retaking = false;
    render(host, ctx);
    host.scrollTop = 0;
    window.scrollTo(0, 0);
    host.querySelector("#result-title")?.focus();
  } catch (err) {
    ctx.toast(err.message, { error: true });
  }
}

async function discard(host, ctx) {
  await queue;
  try {
    state.draft = await api.discardDraft();
    state.retaking = false;
    render(host, ctx);
    host.querySelector(".screen-title")?.focus();
  } catch (err) {
    ctx.toast(err.message, { error: true });
  }
}

// ---- The result ----------------------------------------------------------------------

function resultCard(assessment, ctx, host) {
  const outcome = assessment.outcome;
  const card = h("section", {
    class: "result-card", id: "result", "aria-labelledby": "result-title",
    "data-assessment-id": assessment.id, "data-band": outcome ? outcome.band : "unknown",
  },
    h("p", { class: "eyebrow" }, "Your latest result · ",
      h("time", { datetime: assessment.day }, formatDay(assessment.day, LONG_DATE))),
  );
  if (!outcome) {
    card.append(
      h("h2", { id: "result-title", class: "result-headline", tabindex: "-1" }, "Result not readable here"),
      h("p", {}, assessment.unreadable),
    );
  } else {
    card.append(...outcomeBody(outcome, ctx));
  }
  card.append(
    h("div", { class: "result-actions" },
      h("button", {
        type: "button", class: "text-button", "data-action": "retake",
        onclick: () => {
          state.retaking = true;
          render(host, ctx);
          host.querySelector("fieldset.indicator input")?.focus();
        },
      }, "Take the checklist again"),
    ),
  );
  return card;
}

function outcomeBody(outcome, ctx) {
  return [
    h("h2", { id: "result-title", class: "result-headline", tabindex: "-1" }, outcome.headline),
    bandMeter(outcome),
    h("p", { class: "result-summary" }, outcome.summary),
    outcome.not_sure_note ? h("p", { class: "note", "data-note": "not-sure" }, outcome.not_sure_note) : null,
    outcome.groups.length ? areas(outcome) : null,
    habitAdvice(outcome, ctx),
    h("p", { class: "note not-diagnosis", "data-note": "not-a-diagnosis" }, outcome.not_a_diagnosis),
    warningSigns(outcome.warning_signs),
  ];
}

function bandMeter(outcome) {
  const text = `${outcome.groups_with_yes} of ${outcome.group_count} areas`;
  return h("p", { class: "band-meter", id: "result-count", "data-count": outcome.groups_with_yes },
    h("span", { class: "band-dots", "aria-hidden": "true" },
      ...Array.from({ length: outcome.group_count }, (_, i) =>
        h("span", { class: `band-dot${i < outcome.groups_with_yes ? " is-on" : ""}` })),
    ),
    h("span", {}, text),
  );
}

function areas(outcome) {
  return h("section", { class: "result-areas", "aria-labelledby": "areas-title" },
    h("h3", { id: "areas-title" }, "Where the signs are"),
    h("ul", { class: "area-list", role: "list" },
      ...outcome.groups.map((group) =>
        h("li", { class: "area", "data-group": group.id },
          h("h4", {}, group.name),
          h("ul", { class: "yes-list" }, ...group.yes.map((i) => h("li", { "data-indicator": i.id }, i.text))),
          h("p", { class: "muted" }, group.habits_reason),
        ),
      ),
    ),
  );
}

function habitAdvice(outcome, ctx) {
  const goToday = h("button", {
    type: "button", class: "primary-button", "data-action": "go-today",
    onclick: () => ctx.show("today"),
  }, "Go to today's habits");
  if (!outcome.habits.length) {
    return h("section", { class: "result-habits", "aria-labelledby": "habits-title" },
      h("h3", { id: "habits-title" }, "Habits that help"),
      h("p", {}, "The daily habits on Today support your gut and skin either way."),
      goToday,
    );
  }
  return h("section", { class: "result-habits", "aria-labelledby": "habits-title" },
    h("h3", { id: "habits-title" }, "Habits that help"),
    h("ol", { class: "advice-list" },
      ...outcome.habits.map((habit) =>
        h("li", { "data-habit": habit.id },
          h("strong", {}, habit.name),
          h("span", { class: "muted" }, ` for ${listWords(habit.areas.map((a) => a.toLowerCase()))}`),
          habit.on_your_list ? null : h("span", { class: "muted", "data-off": "true" }, " · switched off: turn it on in Settings to track it"),
        ),
      ),
    ),
    goToday,
  );
}

function warningSigns(warnings) {
  const id = uid("warnings");
  return h("section", { class: "warning-signs", "aria-labelledby": id, "data-note": "warning-signs" },
    h("h3", { id }, icons.alert(), h("span", {}, warnings.title)),
    h("p", {}, warnings.intro),
    h("h4", {}, "Gut"),
    h("ul", {}, ...warnings.gut.map((sign) => h("li", {}, sign))),
    h("h4", {}, "Skin"),
    h("ul", {}, ...warnings.skin.map((sign) => h("li", {}, sign))),
  );
}

function listWords(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

// ---- History ---------------------------------------------------------------------------

function history() {
  const { assessments, comparison } = state.history;
  if (!assessments.length) return null;
  return h("section", { class: "history", "aria-labelledby": "history-title" },
    h("h2", { id: "history-title", class: "section-title" }, "Your history"),
    comparison ? comparisonCard(comparison) : h("p", { class: "muted" },
      "Take the checklist again in a few weeks to see how it changes."),
    h("ol", { class: "history-list", role: "list" }, ...assessments.map(historyEntry)),
  );
}

function comparisonCard(c) {
  const areaNames = (list) => listWords(list.map((a) => a.name.toLowerCase()));
  return h("section", { class: "comparison", id: "comparison", "aria-labelledby": "comparison-title", "data-before": c.before, "data-after": c.after },
    h("h3", { id: "comparison-title" }, "Since ",
      h("time", { datetime: c.previous_day }, formatDay(c.previous_day, LONG_DATE))),
    h("p", { class: "comparison-summary" }, c.summary),
    c.gained.length ? h("p", { "data-change": "gained" }, h("strong", {}, "New: "), areaNames(c.gained)) : null,
    c.lost.length ? h("p", { "data-change": "lost" }, h("strong", {}, "No longer: "), areaNames(c.lost)) : null,
    c.changes.length
      ? h("ul", { class: "change-list" },
        ...c.changes.map((change) =>
          h("li", { "data-indicator": change.id },
            h("span", {}, change.text),
            h("span", { class: "change-answers" },
              `${answerLabel(change.before)} → ${answerLabel(change.after)}`),
          ),
        ),
      )
      : null,
  );
}

function historyEntry(assessment) {
  const outcome = assessment.outcome;
  const summary = outcome
    ? `${outcome.groups_with_yes} of ${outcome.group_count} areas${outcome.groups.length ? ": " + listWords(outcome.groups.map((g) => g.name.toLowerCase())) : ""}`
    : assessment.unreadable;
  const older = assessment.checklist_version !== state.view.version;
  return h("li", { class: "history-entry", "data-assessment-id": assessment.id, "data-band": outcome ? outcome.band : "unknown" },
    h("details", {},
      h("summary", {},
        h("time", { datetime: assessment.day }, formatDay(assessment.day, LONG_DATE)),
        h("span", { class: "history-band" }, outcome ? outcome.headline : "Not readable here"),
        h("span", { class: "muted history-areas" }, summary),
        assessment.answers.length ? h("span", { class: "history-more", "aria-hidden": "true" }, "Show answers") : null,
      ),
      older ? h("p", { class: "muted" }, `Taken with checklist version ${assessment.checklist_version}.`) : null,
      assessment.answers.length
        ? h("ul", { class: "answer-list" },
          ...assessment.answers.map((a) =>
            h("li", { "data-indicator": a.id, "data-answer": a.answer },
              h("span", {}, a.text), h("strong", {}, answerLabel(a.answer))),
          ),
        )
        : null,
    ),
  );
}
