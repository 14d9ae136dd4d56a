// Starts the app: checks the data file, builds the tab bar from the screens that exist, and
// shows one screen at a time.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { icons } from "./icons.js";
import { latestWins } from "./latest.js";
import { todayScreen } from "./screens/today.js";

// Every screen but Today is loaded when first shown (and in the background once Today is up),
// so the start loads and runs only what Today draws. `load()` gives the screen's module object.
const later = (id, label, icon, load, parent) => ({ id, label, icon, parent, load });

// Tab order: Today, Check, Progress, Learn, Settings (always last).
const screens = [
  todayScreen,
  later("check", "Check", "checklist", () => import("./screens/check.js").then((m) => m.checkScreen)),
  later("progress", "Progress", "progress", () => import("./screens/progress.js").then((m) => m.progressScreen)),
  later("learn", "Learn", "learn", () => import("./screens/learn.js").then((m) => m.learnScreen)),
  later("settings", "Settings", "settings", () => import("./screens/settings.js").then((m) => m.settingsScreen)),
];
// Screens reached from another screen, not from a tab; their `parent` tab stays marked.
const otherScreens = [
  later("experiment", "Experiment", null, () => import("./screens/experiment.js").then((m) => m.experimentScreen), "progress"),
];

/** Loads every screen not loaded yet, so a tab opens without waiting for its code. */
function loadTheRest() {
  for (const screen of [...screens, ...otherScreens]) {
    if (screen.load) screen.load().catch(() => {});
  }
}

const host = document.getElementById("main");
const tabBar = document.getElementById("tab-bar");
const toastEl = document.getElementById("toast");

let toastTimer = null;

/** Shows a short message; errors stay until dismissed by the next action or a timeout. */
export function toast(message, { error = false } = {}) {
  toastEl.textContent = message;
  toastEl.classList.toggle("toast-error", error);
  toastEl.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toastEl.hidden = true; }, error ? 8000 : 3000);
}

/** "light" or "dark" forces a palette; "system" (or anything else) follows the system. */
function applyTheme(theme) {
  if (theme === "light" || theme === "dark") {
    document.documentElement.dataset.theme = theme;
  } else {
    delete document.documentElement.dataset.theme;
  }
}

// `firstToday`: the Today view asked for at start, for Today's first drawing (see boot).
const ctx = { toast, show, applyTheme, selectedDay: null, firstToday: null };

function renderTabs(activeId) {
  // The buttons are built once and then only marked, so the tab a keyboard user just
  // activated keeps its focus.
  if (tabBar.childElementCount !== screens.length) {
    replace(
      tabBar,
      ...screens.map((screen) =>
        h(
          "button",
          { type: "button", class: "tab", "data-screen": screen.id, onclick: () => show(screen.id) },
          icons[screen.icon](),
          h("span", { class: "tab-label" }, screen.label),
        ),
      ),
    );
  }
  for (const tab of tabBar.querySelectorAll("button.tab")) {
    if (tab.dataset.screen === activeId) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  tabBar.hidden = screens.length < 2;
}

// Each screen is built off-screen in its own element and put in place only if no later tab was
// chosen meanwhile; a screen left behind keeps redrawing into its detached element, unseen.
const switchScreen = latestWins({
  draw: (el) => {
    replace(host, el);
    // A new screen starts at its top, wherever the last one was scrolled to: set in the coming
    // frame, before it is laid out and painted, so drawing a screen never forces a layout of
    // its own (at start, one that would take as long as building Today) and the frame lays
    // the new screen out once.
    requestAnimationFrame(() => { host.scrollTop = 0; });
  },
  fail: (err) => showError(err),
});

async function show(id) {
  const screen = [...screens, ...otherScreens].find((s) => s.id === id) || screens[0];
  renderTabs(screen.parent || screen.id);
  host.setAttribute("aria-busy", "true");
  const outcome = await switchScreen(async () => {
    const el = h("div", { class: "screen", "data-screen": screen.id });
    const code = screen.load ? await screen.load() : screen;
    await code.mount(el, ctx);
    return el;
  });
  // A superseded render leaves the busy mark to the one that replaced it.
  if (outcome !== "stale") host.setAttribute("aria-busy", "false");
}

function showError(err) {
  replace(
    host,
    h("section", { class: "problem", "aria-labelledby": "problem-title" },
      h("h1", { id: "problem-title" }, "Something went wrong"),
      h("p", {}, err && err.message ? err.message : String(err)),
    ),
  );
}

function showStartupProblem(status) {
  const problem = status.problem;
  tabBar.hidden = true;
  const recover = async (request) => {
    host.setAttribute("aria-busy", "true");
    try {
      await request();
    } catch (err) {
      toast(err.message, { error: true });
    }
    await boot();
  };
  const backup = problem.newest_backup;
  const backupWhen = backup
    ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(backup.taken_at))
    : null;
  replace(
    host,
    h("section", { class: "problem", "aria-labelledby": "problem-title", "data-problem": problem.kind },
      h("h1", { id: "problem-title" }, "Your data file could not be opened"),
      h("p", { class: "problem-message" }, problem.message),
      problem.set_aside
        ? h("p", { class: "set-aside" },
          "GutSkin has not changed it. It was moved aside, byte for byte, to ",
          h("code", { "data-set-aside": problem.set_aside }, problem.set_aside),
          ", so nothing in it is lost.")
        : h("p", { class: "muted" }, "File: ", h("code", {}, status.db_path)),
      problem.can_recover
        ? h("div", { class: "recover" },
          h("h2", {}, "How would you like to go on?"),
          backup
            ? h("button", {
              type: "button", class: "text-button primary", "data-action": "recover-backup",
              onclick: () => recover(() => api.recoverFromBackup(backup.name)),
            }, `Restore the backup from ${backupWhen}`)
            : h("p", { class: "muted" }, "There is no backup to restore."),
          h("button", {
            type: "button", class: "text-button", "data-action": "recover-fresh",
            onclick: () => recover(api.recoverStartFresh),
          }, "Start with an empty data file"),
        )
        : null,
    ),
  );
  host.setAttribute("aria-busy", "false");
}

async function boot() {
  // Today's view is asked for beside the file's status rather than after it, so both answers
  // are back, and Today drawn, before the page is first painted. A file with a problem makes
  // this call fail, and the status says why; the view is then unused.
  const firstToday = api.todayView(null);
  firstToday.catch(() => {});
  let status;
  try {
    status = await api.appStatus();
  } catch (err) {
    showError(err);
    host.setAttribute("aria-busy", "false");
    return;
  }
  if (status.problem) {
    showStartupProblem(status);
    return;
  }
  applyTheme(status.theme);
  ctx.selectedDay = status.today;
  ctx.firstToday = firstToday;
  await show(screens[0].id);
  // After Today's first frame.
  requestAnimationFrame(() => setTimeout(loadTheRest, 0));
}

boot();
