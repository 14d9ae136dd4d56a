// The Settings screen: habits on/off and their targets, reminders, the theme, export and
// import, and backups. Every change goes to Rust at once and the screen redraws from what Rust returns.

import { api } from "../api.js";
import { openReport } from "./report.js";
import { openHabitForm } from "./habit-form.js";
import { h, replace, restoreFocusTo, uid } from "../dom.js";
import { WEEKDAYS, formatDay, plural } from "../format.js";
import { deleteQuestion, goalText, moveLabel, scheduleNote } from "../habit-text.js";
import { icons } from "../icons.js";
import { focusAfterMove, moveKey, moveState, moved } from "../reorder.js";

// Loaded when first shown; its id, label and place in the tabs are in app.js.
export const settingsScreen = { mount };

// What the data section shows between redraws: an import waiting for confirmation, a backup
// waiting for confirmation, and the last outcome message.
let pendingImport = null;
let pendingRestore = null;
let outcome = null;
// The own habit whose delete waits for confirmation, and a control the next redraw must focus
// (the moved habit's move button).
let pendingDelete = null;
let nextFocus = null;

async function mount(host, ctx) {
  pendingImport = null;
  pendingRestore = null;
  pendingDelete = null;
  outcome = null;
  render(host, ctx, await api.settingsView());
}

function render(host, ctx, view) {
  // An import or a restore can bring another theme with it.
  ctx.applyTheme(view.theme);
  // Where focus goes after the redraw: the same control, else the place it names as its
  // fallback (a confirm panel's buttons go back to the button that opened it, and that button
  // hands over to the panel's Cancel), else the heading. Never lost to the page.
  const active = document.activeElement && document.activeElement.dataset;
  const focusKeys = [nextFocus, ...(active ? [active.focusKey, active.focusFallback] : [])].filter(Boolean);
  nextFocus = null;
  replace(
    host,
    h("header", { class: "screen-header" }, h("h1", { class: "screen-title", tabindex: "-1" }, "Settings")),
    habitsSection(host, ctx, view),
    remindersSection(host, ctx, view),
    themeSection(host, ctx, view),
    dataSection(host, ctx, view),
    backupsSection(host, ctx, view),
    h("p", { class: "muted small file-path" }, "Data file: ", h("code", {}, view.db_path)),
  );
  if (focusKeys.length) {
    const target = focusKeys
      .map((key) => host.querySelector(`[data-focus-key="${CSS.escape(key)}"]`))
      .find((el) => el && !el.disabled);
    restoreFocusTo(target || host.querySelector(".screen-title"));
  }
}

/** Runs a command that returns the new settings view, redraws, and reports errors. */
async function change(host, ctx, request) {
  try {
    render(host, ctx, await request());
    return true;
  } catch (err) {
    ctx.toast(err.message, { error: true });
    await redraw(host, ctx, err.message);
    return false;
  }
}

/** Redraws from the settings as stored now. When they cannot be read, says so (after
 *  `earlier`, the message of what went wrong before) rather than leave the old screen looking
 *  current. */
async function redraw(host, ctx, earlier = "") {
  try {
    render(host, ctx, await api.settingsView());
    return true;
  } catch (err) {
    const prefix = earlier ? `${earlier} ` : "";
    ctx.toast(`${prefix}The settings could not be read again, so this screen may be out of date: ${err.message}`, { error: true });
    return false;
  }
}

function habitsSection(host, ctx, view) {
  const ids = view.habits.map((habit) => habit.id);
  const full = view.active_habits >= view.max_active_habits;
  const fullId = uid("habits-full");
  return h("section", { class: "settings-card", "aria-labelledby": "habits-settings-title" },
    h("h2", { id: "habits-settings-title", class: "section-title" }, "Habits"),
    h("p", { class: "muted small" },
      "Turn a habit off to archive it: it leaves Today and keeps all its history, and turning it on restores it."),
    h("ul", { class: "setting-list", role: "list" },
      ...view.habits.map((habit, i) => habitRow(host, ctx, view, habit, moveState(i, ids.length), ids))),
    h("div", { class: "button-row" },
      h("button", {
        type: "button", class: "text-button", "data-action": "add-habit", "data-focus-key": "add-habit",
        disabled: full, "aria-describedby": full ? fullId : null,
        onclick: () => addHabit(host, ctx, view),
      }, icons.plus(), "Add a habit"),
    ),
    full
      ? h("p", { class: "muted small", id: fullId },
        `You have ${view.active_habits} active habits, the most GutSkin keeps. Archive one to add another.`)
      : null,
  );
}

const activeNames = (view) => view.habits.filter((habit) => habit.enabled).map((habit) => habit.name);

/** Opens the habit form to add one; the new habit's name is announced once Rust stored it. */
function addHabit(host, ctx, view) {
  openHabitForm({
    activeNames: activeNames(view),
    onSaved: (next) => {
      render(host, ctx, next);
      const added = next.habits.find((habit) => habit.id === next.added_id);
      if (added) ctx.toast(`Added ${added.name}.`);
    },
  });
}

function habitDescription(habit) {
  if (!habit.enabled && habit.own) return "Archived; its history is kept.";
  // Archiving waits until its experiment is over (Rust refuses it and says why).
  if (habit.in_running_experiment) return [habitDetails(habit), "In the running experiment"].filter(Boolean).join(" · ");
  return habitDetails(habit);
}

function habitDetails(habit) {
  const parts = habit.own
    ? [habit.kind === "count" ? goalText(habit) : "Yes or no"]
    : [habit.what_counts];
  const schedule = scheduleNote(habit);
  if (schedule) parts.push(schedule);
  return parts.filter(Boolean).join(" · ");
}

function habitRow(host, ctx, view, habit, canMove, ids) {
  const checkId = uid("habit-on");
  const descId = uid("habit-desc");
  const move = (offset) => () => {
    nextFocus = focusAfterMove(moved(ids, habit.id, offset), habit.id, offset);
    change(host, ctx, () => api.moveHabit(habit.id, offset));
  };
  const moveButton = (offset, enabled) => h("button", {
    type: "button", class: "icon-button", "data-action": offset < 0 ? "move-up" : "move-down",
    "data-focus-key": moveKey(habit.id, offset), "data-focus-fallback": moveKey(habit.id, -offset),
    "aria-label": moveLabel(habit.name, offset), title: offset < 0 ? "Move up" : "Move down",
    disabled: !enabled, onclick: move(offset),
  }, offset < 0 ? icons.up() : icons.down());
  const confirming = pendingDelete === habit.id;
  const row = h("li", { class: "setting-row", "data-habit": habit.id, "data-enabled": String(habit.enabled) },
    h("div", { class: "switch-line" },
      h("input", {
        type: "checkbox", id: checkId, class: "switch", "data-focus-key": `on-${habit.id}`,
        checked: habit.enabled, "aria-describedby": descId,
        onchange: (e) => change(host, ctx, () => api.setHabitEnabled(habit.id, e.target.checked)),
      }),
      h("div", { class: "switch-text" },
        h("label", { for: checkId, class: "switch-label habit-name" }, habit.name),
        h("span", { class: "muted small", id: descId }, habitDescription(habit)),
      ),
    ),
    habit.kind === "count" ? targetField(host, ctx, habit) : null,
    h("div", { class: "row-actions" },
      habit.enabled
        ? h("button", {
          type: "button", class: "text-button", "data-action": "edit-habit", "data-focus-key": `edit-${habit.id}`,
          onclick: () => openHabitForm({ habit, activeNames: activeNames(view), onSaved: (next) => render(host, ctx, next) }),
        }, "Edit", h("span", { class: "visually-hidden" }, ` ${habit.name}`))
        : null,
      moveButton(-1, canMove.up),
      moveButton(1, canMove.down),
      habit.own && !confirming
        ? h("button", {
          type: "button", class: "text-button", "data-action": "delete-habit",
          "data-focus-key": `delete-${habit.id}`, "data-focus-fallback": `delete-cancel-${habit.id}`,
          onclick: async () => { pendingDelete = habit.id; await redraw(host, ctx); },
        }, "Delete…", h("span", { class: "visually-hidden" }, ` ${habit.name}`))
        : null,
    ),
  );
  if (confirming) row.append(deleteConfirm(host, ctx, habit));
  return row;
}

function deleteConfirm(host, ctx, habit) {
  const questionId = uid("delete-question");
  const question = h("p", { id: questionId, "data-record-days": habit.record_days }, deleteQuestion(habit));
  const cancel = (label) => h("button", {
    type: "button", class: "text-button", "data-action": "delete-cancel",
    "data-focus-key": `delete-cancel-${habit.id}`, "data-focus-fallback": `delete-${habit.id}`,
    onclick: async () => { pendingDelete = null; await redraw(host, ctx); },
  }, label);
  // A habit an experiment tested keeps its records: the panel says so and offers no delete.
  if (habit.experiments > 0) {
    return h("div", { class: "confirm-panel", role: "group", "aria-label": `Delete ${habit.name}`, "aria-describedby": questionId, "data-panel": "delete", "data-kept-for-experiment": "" },
      question,
      h("div", { class: "button-row" }, cancel("Close")),
    );
  }
  return h("div", { class: "confirm-panel confirm-danger", role: "group", "aria-label": `Delete ${habit.name}`, "aria-describedby": questionId, "data-panel": "delete" },
    question,
    h("div", { class: "button-row" },
      h("button", {
        type: "button", class: "danger-button", "data-action": "delete-confirm",
        "data-focus-key": `delete-confirm-${habit.id}`, "data-focus-fallback": "add-habit",
        onclick: async () => {
          pendingDelete = null;
          try {
            const next = await api.deleteHabit(habit.id);
            render(host, ctx, next);
            ctx.toast(next.deleted_backup
              ? `Deleted ${habit.name}. Your data from before is in the backup ${next.deleted_backup}.`
              : `Deleted ${habit.name}.`);
          } catch (err) {
            ctx.toast(err.message, { error: true });
            await redraw(host, ctx, err.message);
          }
        },
      }, "Delete", h("span", { class: "visually-hidden" }, ` ${habit.name}`)),
      cancel("Cancel"),
    ),
  );
}

function targetField(host, ctx, habit) {
  const inputId = uid("target");
  const hintId = uid("target-hint");
  const input = h("input", {
    type: "number", id: inputId, class: "number-input", inputmode: "numeric",
    min: 1, max: habit.max_target, step: 1, value: habit.target,
    "data-focus-key": `target-${habit.id}`, "aria-describedby": hintId,
    onchange: (e) => {
      const text = e.target.value.trim();
      const target = Number(text);
      // An emptied field is someone about to type; the next redraw shows the stored target.
      if (text === "") return;
      if (!Number.isInteger(target)) {
        ctx.toast(`Enter a whole number from 1 to ${habit.max_target}.`, { error: true });
        e.target.value = habit.target;
        return;
      }
      change(host, ctx, () => api.setHabitTarget(habit.id, target));
    },
  });
  return h("div", { class: "target-line" },
    h("label", { for: inputId }, h("span", { class: "visually-hidden" }, `${habit.name}: `), `${habit.direction === "at_most" ? "Daily limit" : "Daily target"} (${habit.unit})`),
    input,
    h("span", { class: "muted small", id: hintId }, habit.default_target == null ? `1 to ${habit.max_target}` : `1 to ${habit.max_target}; default ${habit.default_target}`),
  );
}

/** Reminders: on/off, the daily time, the weekdays, a time per habit, the tray and login. Each
 *  change sends the whole settings object; Rust checks it and returns what it stored. */
function remindersSection(host, ctx, view) {
  const r = view.reminders;
  const save = (patch) => change(host, ctx, () => api.setReminders({ ...r, ...patch }));
  const onId = uid("reminders-on");
  const timeId = uid("reminder-time");
  const trayId = uid("keep-in-tray");
  const loginId = uid("start-at-login");
  const disabled = !r.enabled;
  const timeInput = (id, value, focusKey, onTime) => h("input", {
    type: "time", id, class: "time-input", value: value || "", disabled, step: 60,
    "data-focus-key": focusKey,
    onchange: (e) => {
      const text = e.target.value;
      if (/^\d{2}:\d{2}$/.test(text) || text === "") onTime(text);
    },
  });
  return h("section", { class: "settings-card", "aria-labelledby": "reminders-title", "data-section": "reminders" },
    h("h2", { id: "reminders-title", class: "section-title" }, "Reminders"),
    h("p", { class: "muted small" }, "A desktop notification when something due today is still open."),
    h("div", { class: "switch-line" },
      h("input", {
        type: "checkbox", id: onId, class: "switch", checked: r.enabled, "data-focus-key": "reminders-on",
        onchange: (e) => save({ enabled: e.target.checked }),
      }),
      h("div", { class: "switch-text" }, h("label", { for: onId, class: "switch-label" }, "Remind me")),
    ),
    h("div", { class: "target-line" },
      h("label", { for: timeId }, "Every day at"),
      timeInput(timeId, r.time, "reminder-time", (time) => time && save({ time })),
    ),
    h("fieldset", { class: "choice-group weekday-group", disabled },
      h("legend", { class: "small" }, "On"),
      ...WEEKDAYS.map(([value, short, long]) => {
        const id = uid("weekday");
        return h("span", { class: "choice" },
          h("input", {
            type: "checkbox", id, value, checked: r.weekdays.includes(value),
            "data-focus-key": `weekday-${value}`,
            onchange: (e) => save({
              weekdays: e.target.checked ? [...r.weekdays, value] : r.weekdays.filter((d) => d !== value),
            }),
          }),
          h("label", { for: id }, h("abbr", { title: long }, short)),
        );
      }),
    ),
    h("details", { class: "habit-times" },
      h("summary", {}, "A time of its own for a habit"),
      h("ul", { class: "setting-list", role: "list" },
        ...view.habits.filter((habit) => habit.enabled).map((habit) => {
          const id = uid("habit-time");
          return h("li", { class: "target-line", "data-habit-time": habit.id },
            h("label", { for: id }, habit.name),
            timeInput(id, r.habit_times[habit.id], `habit-time-${habit.id}`, (time) => {
              const habitTimes = { ...r.habit_times };
              if (time) habitTimes[habit.id] = time; else delete habitTimes[habit.id];
              save({ habit_times: habitTimes });
            }),
          );
        }),
      ),
    ),
    h("div", { class: "switch-line" },
      h("input", {
        type: "checkbox", id: trayId, class: "switch", checked: r.keep_in_tray, disabled,
        "data-focus-key": "keep-in-tray",
        onchange: (e) => save({ keep_in_tray: e.target.checked }),
      }),
      h("div", { class: "switch-text" },
        h("label", { for: trayId, class: "switch-label" }, "Keep GutSkin in the tray when the window is closed"),
      ),
    ),
    h("div", { class: "switch-line" },
      h("input", {
        type: "checkbox", id: loginId, class: "switch", checked: r.start_at_login,
        "data-focus-key": "start-at-login",
        onchange: (e) => save({ start_at_login: e.target.checked }),
      }),
      h("div", { class: "switch-text" },
        h("label", { for: loginId, class: "switch-label" }, "Start GutSkin in the tray when I log in"),
      ),
    ),
  );
}

function themeSection(host, ctx, view) {
  const name = uid("theme");
  const choices = [
    ["system", "Same as the system"],
    ["light", "Light"],
    ["dark", "Dark"],
  ];
  return h("section", { class: "settings-card" },
    h("fieldset", { class: "choice-group" },
      h("legend", { class: "section-title" }, "Theme"),
      ...choices.map(([value, label]) => {
        const id = uid("theme-choice");
        return h("div", { class: "choice" },
          h("input", {
            type: "radio", name, id, value, checked: view.theme === value,
            "data-focus-key": `theme-${value}`,
            onchange: async () => {
              if (await change(host, ctx, () => api.setTheme(value))) ctx.applyTheme(value);
            },
          }),
          h("label", { for: id }, label),
        );
      }),
    ),
  );
}

function dataSection(host, ctx, view) {
  const redraw = () => render(host, ctx, view);
  // Errors stay on screen here (an import error names what is wrong in the file).
  const run = async (request, describe) => {
    try {
      const result = await request();
      if (result) outcome = describe(result);
    } catch (err) {
      outcome = { error: true, text: err.message };
    }
    redraw();
  };
  return h("section", { class: "settings-card", "aria-labelledby": "data-title" },
    h("h2", { id: "data-title", class: "section-title" }, "Your data"),
    h("p", { class: "muted small" },
      "Export everything to a file you keep, or as spreadsheet files. Import brings an export back, on this or another computer."),
    h("div", { class: "button-row" },
      h("button", {
        type: "button", class: "text-button", "data-action": "export-json", "data-focus-key": "export-json",
        onclick: () => run(api.exportJson, (r) => ({ text: `Exported to ${r.paths.join(", ")}` })),
      }, "Export everything (JSON)"),
      h("button", {
        type: "button", class: "text-button", "data-action": "export-csv", "data-focus-key": "export-csv",
        onclick: () => run(api.exportCsv, (r) => ({ text: `Spreadsheet files written: ${r.paths.join(", ")}` })),
      }, "Export spreadsheets (CSV)"),
      h("button", {
        type: "button", class: "text-button", "data-action": "open-report",
        onclick: () => openReport(host, ctx, "settings").catch((err) => ctx.toast(err.message, { error: true })),
      }, "Summary for your doctor (PDF)…"),
      h("button", {
        type: "button", class: "text-button", "data-action": "import", "data-focus-key": "import", "data-focus-fallback": "import-cancel",
        onclick: () => run(api.importChoose, (preview) => {
          pendingImport = preview;
          return null;
        }),
      }, "Import an export…"),
    ),
    pendingImport ? importPreview(host, ctx, view) : null,
    h("p", {
      class: `outcome${outcome && outcome.error ? " outcome-error" : ""}`,
      role: "status",
      "data-outcome": outcome ? (outcome.error ? "error" : "done") : "none",
    }, outcome ? outcome.text : ""),
  );
}

function importPreview(host, ctx, view) {
  const s = pendingImport.summary;
  const name = uid("import-mode");
  const short = (day) => formatDay(day, { day: "numeric", month: "short", year: "numeric" });
  const span = !s.first_day
    ? ""
    : s.first_day === s.last_day ? ` on ${short(s.first_day)}` : ` from ${short(s.first_day)} to ${short(s.last_day)}`;
  let mode = "merge";
  const journal = s.has_journal;
  const newParts = [plural(s.check_ins_new, "new check-off", "new check-offs")];
  const differParts = s.check_ins_different ? [plural(s.check_ins_different, "check-off differs", "check-offs differ")] : [];
  const goneParts = [plural(s.check_ins_only_here, "check-off", "check-offs")];
  if (journal) {
    newParts.push(plural(s.day_logs_new, "new daily log", "new daily logs"), plural(s.assessments_new, "new assessment", "new assessments"));
    if (s.day_logs_different) differParts.push(plural(s.day_logs_different, "daily log differs", "daily logs differ"));
    goneParts.push(plural(s.day_logs_only_here, "daily log", "daily logs"), plural(s.assessments_only_here, "assessment", "assessments"));
  }
  const habitState = (on, target, unit) => (on ? (target != null ? `on, ${target}${unit ? ` ${unit}` : ""} a day` : "on") : "off");
  const habitText = (d) => `${d.name} (yours ${habitState(d.here_enabled, d.here_target, d.unit)}, ` +
    `the file's ${habitState(d.file_enabled, d.file_target, d.unit)})`;
  const habitsTaken = s.habit_differences.filter((d) => d.merge_takes_file).map(habitText);
  const habitsKept = s.habit_differences.filter((d) => !d.merge_takes_file).map(habitText);
  const modes = [
    ["merge", "Merge", `Keep everything here and add what is missing: ${listing(newParts)}. ` +
      (differParts.length ? `${listing(differParts)}; yours are kept. ` : "") +
      (habitsTaken.length ? `Habits you have not changed take the file's setting: ${listing(habitsTaken)}. ` : "") +
      (habitsKept.length ? `Habits you changed keep yours: ${listing(habitsKept)}.` : "")],
    ["replace", "Replace", `Make your data exactly the file's. ` +
      `${listing(goneParts)} only here would be removed; habits, targets and settings come from the file` +
      (journal ? "." : "; your daily logs and assessments stay.") +
      (s.habit_differences.length ? ` Habits that change: ${listing(s.habit_differences.map(habitText))}.` : "") +
      (journal && s.draft_answers_here
        ? (s.draft_answers_in_file ? " Your unfinished checklist is replaced by the file's." : " Your unfinished checklist is removed.")
        : "")],
  ];
  const holds = [
    `${plural(s.check_ins_in_file, "check-off", "check-offs")}${span}`,
    ...(journal ? [plural(s.day_logs_in_file, "daily log", "daily logs"), plural(s.assessments_in_file, "assessment", "assessments")] : []),
    plural(s.habits_in_file, "habit setting", "habit settings"),
    plural(s.settings_in_file, "other setting", "other settings"),
  ];
  const finish = async (confirm) => {
    try {
      if (confirm) {
        const done = await api.importConfirm(mode);
        outcome = { text: `Imported (${done.mode}). Your data from before is in the backup ${done.backup.name}.` };
      } else {
        await api.importCancel();
        outcome = { text: "Import cancelled; nothing was changed." };
      }
    } catch (err) {
      outcome = { error: true, text: err.message };
    }
    pendingImport = null;
    await redraw(host, ctx);
  };
  return h("div", { class: "confirm-panel", role: "group", "aria-labelledby": "import-title", "data-panel": "import" },
    h("h3", { id: "import-title" }, "Import ", h("span", { class: "file-name" }, pendingImport.file_name), "?"),
    h("p", { class: "import-summary" },
      `The file holds ${listing(holds)}.` +
      (s.check_ins_same ? ` ${s.check_ins_same} of its check-offs are already here, unchanged.` : "") +
      (s.draft_answers_in_file ? ` It also has an unfinished checklist (${plural(s.draft_answers_in_file, "answer", "answers")}).` : "") +
      (journal ? "" : " It was made by an earlier GutSkin that did not export daily logs or assessments, so yours stay as they are either way.")),
    h("fieldset", { class: "choice-group" },
      h("legend", {}, "How to import"),
      ...modes.map(([value, label, explain]) => {
        const id = uid("import-choice");
        const descId = uid("import-desc");
        return h("div", { class: "choice choice-described" },
          h("input", {
            type: "radio", name, id, value, checked: value === mode, "aria-describedby": descId,
            onchange: () => { mode = value; },
          }),
          h("label", { for: id }, label),
          h("span", { class: "muted small", id: descId }, explain),
        );
      }),
    ),
    h("p", { class: "muted small" }, "A backup of your current data is made first."),
    h("div", { class: "button-row" },
      h("button", { type: "button", class: "text-button primary", "data-action": "import-confirm", "data-focus-key": "import-confirm", "data-focus-fallback": "import", onclick: () => finish(true) }, "Import"),
      h("button", { type: "button", class: "text-button", "data-action": "import-cancel", "data-focus-key": "import-cancel", "data-focus-fallback": "import", onclick: () => finish(false) }, "Cancel"),
    ),
  );
}

/** "a", "a and b", "a, b and c". */
function listing(parts) {
  return parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

const REASONS = {
  auto: "daily",
  manual: "made by you",
  "before-restore": "before a restore",
  "before-import": "before an import",
};

function formatWhen(takenAt) {
  const date = new Date(takenAt);
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

function backupsSection(host, ctx, view) {
  const list = view.backups;
  return h("section", { class: "settings-card", "aria-labelledby": "backups-title" },
    h("h2", { id: "backups-title", class: "section-title" }, "Backups"),
    h("p", { class: "muted small" },
      "GutSkin copies your data once a day into a backups folder beside it and keeps the last week, one a week for a month, and the latest few."),
    h("div", { class: "button-row" },
      h("button", {
        type: "button", class: "text-button", "data-action": "backup-now", "data-focus-key": "backup-now",
        onclick: () => change(host, ctx, api.backupNow),
      }, "Back up now"),
    ),
    list.length === 0
      ? h("p", { class: "muted" }, "No backups yet.")
      : h("ul", { class: "backup-list", role: "list" }, ...list.map((b) => backupRow(host, ctx, b))),
    h("p", { class: "muted small file-path" }, "Folder: ", h("code", {}, view.backups_dir)),
  );
}

function backupRow(host, ctx, backup) {
  const confirming = pendingRestore === backup.name;
  const when = formatWhen(backup.taken_at);
  const row = h("li", { class: "backup", "data-backup": backup.name },
    h("div", { class: "backup-text" },
      h("span", { class: "backup-when" }, when),
      h("span", { class: "muted small" }, `${REASONS[backup.reason] || backup.reason} · ${Math.max(1, Math.round(backup.size_bytes / 1024))} KB`),
    ),
    confirming ? null : h("button", {
      type: "button", class: "text-button", "data-action": "restore", "data-focus-key": `restore-${backup.name}`, "data-focus-fallback": `restore-cancel-${backup.name}`,
      "aria-label": `Restore the backup from ${when}`,
      onclick: async () => { pendingRestore = backup.name; await redraw(host, ctx); },
    }, "Restore…"),
  );
  if (!confirming) return row;
  row.append(h("div", { class: "confirm-panel", role: "group", "aria-label": "Confirm restore", "data-panel": "restore" },
    h("p", {}, `Replace all your current data with this backup from ${when}? Your current data is backed up first, so you can go back.`),
    h("div", { class: "button-row" },
      h("button", {
        type: "button", class: "text-button primary", "data-action": "restore-confirm", "data-focus-key": `restore-confirm-${backup.name}`, "data-focus-fallback": `restore-${backup.name}`,
        onclick: async () => {
          pendingRestore = null;
          let said = "";
          try {
            const done = await api.restoreBackup(backup.name);
            outcome = null;
            said = `Restored the backup from ${when}. Your data from before is in ${done.previous.name}.`;
            ctx.toast(said);
          } catch (err) {
            said = err.message;
            ctx.toast(said, { error: true });
          }
          await redraw(host, ctx, said);
        },
      }, "Restore"),
      h("button", {
        type: "button", class: "text-button", "data-action": "restore-cancel", "data-focus-key": `restore-cancel-${backup.name}`, "data-focus-fallback": `restore-${backup.name}`,
        onclick: async () => { pendingRestore = null; await redraw(host, ctx); },
      }, "Cancel"),
    ),
  ));
  return row;
}
