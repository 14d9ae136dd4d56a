// The one module that talks to the Rust side. Views call these functions and never touch
// window.__TAURI__ directly, which also makes this the seam for front-end tests.

/** An error from a command, always with a `kind` and a readable `message`. */
export class CommandError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    throw new CommandError("no_backend", "GutSkin's data service is not available in this window.");
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (raw) {
    // Our commands reject with { kind, message }; argument-decoding failures arrive as strings.
    if (raw && typeof raw === "object" && typeof raw.message === "string") {
      throw new CommandError(String(raw.kind || "error"), raw.message);
    }
    throw new CommandError("invalid", `That request was not understood: ${String(raw)}`);
  }
}

/** A promise's outcome as a value, `{ value }` or `{ error }`, so an answer asked for early
 *  can be handed on and drawn at once, whichever way it went. */
export function settle(promise) {
  return promise.then((value) => ({ value }), (error) => ({ error }));
}

export const api = {
  appStatus: () => call("app_status"),
  todayView: (day) => call("today_view", day ? { day } : {}),
  /** `value`: a number, or null to clear the day's record (an at-most habit records 0). */
  setCheckIn: (habitId, day, value) => call("set_check_in", { habitId, day, value }),
  setSkip: (habitId, day, skipped) => call("set_skip", { habitId, day, skipped }),
  checklist: () => call("checklist"),
  setDraftAnswer: (indicatorId, answer) => call("set_draft_answer", { indicatorId, answer }),
  discardDraft: () => call("discard_draft"),
  saveAssessment: () => call("save_assessment"),
  assessmentHistory: () => call("assessment_history"),
  habitGuide: () => call("habit_guide"),
  dayLog: (day) => call("day_log", { day }),
  /** `value`: a number, null (not recorded), a list of area ids, or the note's text. */
  setDayLogField: (day, field, value) => call("set_day_log_field", { day, field, value }),
  progressView: (weeks) => call("progress_view", weeks ? { weeks } : {}),
  experimentView: () => call("experiment_view"),
  /** The banner for Today's `day`, or null when no experiment runs then. */
  experimentBanner: (day) => call("experiment_banner", day ? { day } : {}),
  /** `plan`: { habit_id, outcome, design, block_weeks, pairs, change_weeks } (snake_case). */
  experimentPreview: (plan) => call("experiment_preview", { plan }),
  experimentStart: (plan) => call("experiment_start", { plan }),
  experimentEnd: (id, abandon) => call("experiment_end", { id, abandon }),
  settingsView: () => call("settings_view"),
  setHabitEnabled: (habitId, enabled) => call("set_habit_enabled", { habitId, enabled }),
  setHabitTarget: (habitId, target) => call("set_habit_target", { habitId, target }),
  /** `habit`: { name, kind, unit, target, direction, schedule, why }; the answer's `added_id`
   *  names the new habit. */
  addHabit: (habit) => call("add_habit", { habit }),
  /** `edit`: only the fields to change, of { name, unit, why, target, direction, schedule }. */
  editHabit: (habitId, edit) => call("edit_habit", { habitId, edit }),
  /** `offset`: -1 up, +1 down. */
  moveHabit: (habitId, offset) => call("move_habit", { habitId, offset }),
  /** Own habits only; the answer's `deleted_backup` names the backup taken first. */
  deleteHabit: (habitId) => call("delete_habit", { habitId }),
  setTheme: (theme) => call("set_theme", { theme }),
  /** `reminders`: the whole reminder settings object, as `settingsView().reminders` has it. */
  setReminders: (reminders) => call("set_reminders", { reminders }),
  backupNow: () => call("backup_now"),
  restoreBackup: (name) => call("restore_backup", { name }),
  exportJson: () => call("export_json"),
  exportCsv: () => call("export_csv"),
  importChoose: () => call("import_choose"),
  importConfirm: (mode) => call("import_confirm", { mode }),
  importCancel: () => call("import_cancel"),
  /** The summary for your doctor over `weeks` (4, 8, 12 or 26), as the PDF would show it. */
  reportPreview: (weeks, includeNotes, name) => call("report_preview", { weeks, includeNotes, name: name || null }),
  /** Asks where to save the PDF and writes it; null when the user cancels. */
  exportReport: (weeks, includeNotes, name) => call("export_report", { weeks, includeNotes, name: name || null }),
  recoverFromBackup: (name) => call("recover_from_backup", { name }),
  recoverStartFresh: () => call("recover_start_fresh"),
};
