// The summary for your doctor: not a tab of its own but a view opened from Progress and from
// Settings (beside export). Choose the period, optionally a name and the notes, see the
// preview, and save it as a PDF through the native save dialog. Every figure in the preview
// is a string Rust made, the same string the PDF prints.

import { api } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { plural } from "../format.js";

const PERIODS = [4, 8, 12, 26];

// The choices survive going back and coming again within one run of the app.
const choice = { weeks: 12, includeNotes: false, name: "" };

/** Replaces what `host` shows with the report view; "Back" returns to the screen `from`. */
export async function openReport(host, ctx, from) {
  let outcome = null;
  let latest = 0;

  const previewEl = h("div", { class: "report-preview", "aria-live": "polite", "aria-busy": "true" });
  const outcomeEl = h("p", { class: "outcome", role: "status", "data-outcome": "none" });

  const showOutcome = () => {
    outcomeEl.className = `outcome${outcome && outcome.error ? " outcome-error" : ""}`;
    outcomeEl.dataset.outcome = outcome ? (outcome.error ? "error" : "done") : "none";
    outcomeEl.textContent = outcome ? outcome.text : "";
  };

  const refresh = async () => {
    latest += 1;
    const mine = latest;
    previewEl.setAttribute("aria-busy", "true");
    try {
      const report = await api.reportPreview(choice.weeks, choice.includeNotes, choice.name);
      if (mine !== latest) return;
      replace(previewEl, ...preview(report));
      previewEl.dataset.weeks = String(report.weeks);
    } catch (err) {
      if (mine !== latest) return;
      replace(previewEl, h("p", { class: "outcome outcome-error", role: "alert" }, err.message));
    }
    previewEl.setAttribute("aria-busy", "false");
  };

  const save = async () => {
    try {
      const saved = await api.exportReport(choice.weeks, choice.includeNotes, choice.name);
      if (saved) outcome = { text: `Saved to ${saved.path} (${plural(saved.pages, "page", "pages")}).` };
    } catch (err) {
      outcome = { error: true, text: err.message };
    }
    showOutcome();
  };

  const periodButtons = PERIODS.map((weeks) => h("button", {
    type: "button", class: "text-button", "data-weeks": weeks, "aria-pressed": String(choice.weeks === weeks),
    onclick: (event) => {
      choice.weeks = weeks;
      for (const b of periodButtons) b.setAttribute("aria-pressed", String(b === event.currentTarget));
      refresh();
    },
  }, `${weeks} weeks`));

  const nameId = uid("report-name");
  const notesId = uid("report-notes");
  replace(
    host,
    h("header", { class: "screen-header report-header" },
      h("button", {
        type: "button", class: "text-button back-button", "data-action": "report-back",
        onclick: () => ctx.show(from),
      }, from === "settings" ? "‹ Back to Settings" : "‹ Back to Progress"),
      h("h1", { class: "screen-title", tabindex: "-1" }, "Summary for your doctor"),
      h("p", { class: "muted small" },
        "A one-to-three page PDF of the weeks you choose, to print or send before an appointment. It holds no name unless you type one here."),
    ),
    h("section", { class: "settings-card report-choices", "aria-label": "What goes in" },
      h("div", { class: "button-row", role: "group", "aria-label": "Period" }, ...periodButtons),
      h("label", { for: nameId, class: "field-label" }, "Name on the report (optional)"),
      h("input", {
        id: nameId, type: "text", maxlength: "80", autocomplete: "off", value: choice.name, "data-field": "report-name",
        onchange: (event) => { choice.name = event.target.value; refresh(); },
      }),
      h("label", { class: "check-line", for: notesId },
        h("input", {
          id: notesId, type: "checkbox", checked: choice.includeNotes, "data-field": "report-notes",
          onchange: (event) => { choice.includeNotes = event.target.checked; refresh(); },
        }),
        " Include my notes"),
      h("div", { class: "button-row" },
        h("button", { type: "button", class: "text-button primary", "data-action": "report-save", onclick: save },
          "Save as PDF…")),
      outcomeEl,
    ),
    h("h2", { class: "section-title" }, "Preview"),
    previewEl,
  );
  host.querySelector(".screen-title").focus();
  await refresh();
}

function preview(r) {
  const parts = [
    h("p", { "data-report": "period" }, r.name ? h("strong", {}, `For: ${r.name}. `) : null, `Period: ${r.period_text}.`),
    h("p", { class: "muted small" }, `Made on ${r.made_on} with GutSkin ${r.app_version}.`),
    h("p", { class: "report-note", "data-report": "not-a-diagnosis" }, r.not_a_diagnosis),
    checklist(r),
    warnings(r),
  ];
  if (r.no_data_text) {
    parts.push(card("This period", h("p", { "data-report": "no-data" }, r.no_data_text)));
  } else {
    parts.push(skin(r), gut(r), habits(r));
  }
  parts.push(card("Experiments", r.experiments.none_text
    ? h("p", { "data-report": "experiments" }, r.experiments.none_text)
    : h("ul", {}, r.experiments.experiments.map((e) => h("li", {}, `${e.name}: ${e.result}`)))));
  if (r.has_data) {
    parts.push(card("Insights (from all your data)",
      h("ul", { class: "report-list" }, r.insights.map((i) => h("li", {},
        h("strong", {}, `${i.habit_name}: ${i.headline}`), i.summary ? h("span", { class: "small" }, ` ${i.summary}`) : null))),
      h("p", { class: "muted small" }, r.insights_caveat)));
  }
  if (r.notes) {
    parts.push(card("Notes", r.notes.length
      ? h("ul", { class: "report-list", "data-report": "notes" }, r.notes.map((n) => h("li", {}, `${n.day}: ${n.note}`)))
      : h("p", {}, "No notes in this period.")));
  }
  return parts;
}

function card(title, ...children) {
  const id = uid("report-section");
  return h("section", { class: "card", "aria-labelledby": id },
    h("h3", { id, class: "section-title" }, title), ...children);
}

function checklist(r) {
  const latest = r.checklist.latest;
  return card("Indicator checklist",
    latest
      ? h("p", { "data-report": "checklist" }, h("strong", {}, `Latest result (${latest.day}): ${latest.headline}`), ` — ${latest.count_text}.`)
      : null,
    latest && latest.areas.length ? h("p", {}, `Areas with a "yes": ${latest.areas.join(", ")}.`) : null,
    h("p", { "data-report": "checklist-change" }, r.checklist.change));
}

function warnings(r) {
  const w = r.warning_signs;
  return card(w.title, h("p", { class: "small" }, w.intro),
    h("ul", { class: "report-list small" }, [...w.gut, ...w.skin].map((sign) => h("li", {}, sign))));
}

function table(caption, head, rows) {
  return h("table", { class: "report-table" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows));
}

function skin(r) {
  const s = r.skin;
  return card("Skin score",
    h("p", { "data-report": "skin" }, s.summary),
    s.days_scored
      ? table("Weekly mean skin score", ["Week from", "Mean", "Days"],
        s.weekly.map((w) => h("tr", { "data-week": w.start },
          h("td", {}, w.start), h("td", { "data-mean": "" }, w.mean_text), h("td", {}, String(w.days)))))
      : null,
    h("p", { class: "small" }, s.areas_text));
}

function gut(r) {
  return card("Gut and wellbeing",
    h("ul", { class: "report-list" }, r.symptoms.map((s) => h("li", { "data-symptom": s.name }, s.summary))),
    h("p", { "data-report": "stool" }, r.stool.summary),
    r.stool.days
      ? table("Stool form by Bristol type", ["Type", "Days", "Share"],
        r.stool.types.map((t) => h("tr", {},
          h("td", {}, `Type ${t.bristol_type} (${t.label.toLowerCase()})`), h("td", {}, String(t.days)), h("td", {}, `${t.percent}%`))))
      : null);
}

function habits(r) {
  return card("Habits: share of due days done",
    table("Share of due days done per habit", ["Habit", "Whole period", "First half", "Second half"],
      r.habits.map((x) => h("tr", { "data-habit": x.id },
        h("th", { scope: "row" }, x.name, h("span", { class: "small muted habit-what" }, x.what)),
        h("td", { "data-share": "period" }, x.period.text),
        h("td", { "data-share": "first" }, x.first_half.text),
        h("td", { "data-share": "second" }, x.second_half.text)))));
}
