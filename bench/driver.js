// The benchmark driver for scripts/bench.sh, one file for GutSkin and the floor app so both are
// measured the same way. It is injected as an initialization script (never part of the UI) only
// when GUTSKIN_BENCH is set, and is one function expression: the Rust side appends the config,
// `({ app, mode, mark })`.
//
// Every result goes out through `mark(label, data, wait)`, a command that prints one line with
// the Rust side's wall-clock time and, when `wait` is true, answers only once bench.sh has
// written a line to the app's stdin (after measuring memory, say).
(config) => {
  "use strict";
  if (window.top !== window) return;

  const invoke = (cmd, args = {}) => window.__TAURI_INTERNALS__.invoke(cmd, args);
  const mark = (label, data = null, wait = false) => invoke(config.mark, { label, data, wait });
  const SAMPLES = 60;
  const WARMUP = 10;
  const TOGGLES = 1000;

  // GutSkin is interactive once the Today screen is drawn from IPC: the screen host is no
  // longer busy and holds the habit rows. The floor is ready after DOMContentLoaded and one
  // IPC round trip.
  function gutskinReady() {
    const main = document.getElementById("main");
    return Boolean(main && main.getAttribute("aria-busy") === "false" && main.querySelector("[data-habit]"));
  }

  function whenReady() {
    if (config.app === "floor") {
      return new Promise((resolve) => {
        document.addEventListener("DOMContentLoaded", async () => {
          await invoke("ping");
          resolve();
        }, { once: true });
      });
    }
    return new Promise((resolve) => {
      const start = () => {
        if (gutskinReady()) return resolve();
        const observer = new MutationObserver(() => {
          if (gutskinReady()) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"] });
      };
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
      else start();
    });
  }

  // Where the launch went, from the page's side: navigation start as wall-clock time, then
  // milliseconds from it.
  function pageTimings() {
    const nav = performance.getEntriesByType("navigation")[0];
    const paints = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, round(p.startTime)]));
    const resources = performance.getEntriesByType("resource").map((r) => ({
      name: r.name.replace(/^.*?\/\/[^/]*\//, ""),
      start: round(r.startTime),
      end: round(r.responseEnd),
    }));
    return {
      timeOrigin: performance.timeOrigin,
      readyAt: round(performance.now()),
      domContentLoaded: nav ? round(nav.domContentLoadedEventStart) : null,
      responseEnd: nav ? round(nav.responseEnd) : null,
      paints,
      resources,
      measures: performance.getEntriesByType("measure").map((m) => ({ name: m.name, start: round(m.startTime), duration: round(m.duration) })),
    };
  }

  function round(ms) {
    return Math.round(ms * 1000) / 1000;
  }

  async function timed(n, call) {
    const samples = [];
    for (let i = 0; i < WARMUP + n; i += 1) {
      const t0 = performance.now();
      await call(i);
      const dt = performance.now() - t0;
      if (i >= WARMUP) samples.push(round(dt));
    }
    return samples;
  }

  // One toggle as the window makes it: GutSkin's set_check_in (write, commit, refreshed Today
  // answer); the floor's IPC round trip around one bare upsert with the same pragmas. Values
  // alternate so the row ends as it started after an even number of calls.
  async function makeToggle() {
    if (config.app === "floor") return (i) => invoke("insert", { value: i % 2 === 0 ? 1 : 0 });
    const view = await invoke("today_view");
    const habit = view.habits.find((h) => h.kind === "check");
    const start = habit.value;
    return (i) => invoke("set_check_in", { habitId: habit.id, day: view.day, value: i % 2 === 0 ? 1 - start : start });
  }

  async function ipcRun() {
    await mark("idle", null, true);
    const toggle = await makeToggle();
    await mark("toggle", { samples: await timed(SAMPLES, toggle) });
    if (config.app === "gutskin") {
      await mark("progress", { samples: await timed(SAMPLES / 2, () => invoke("progress_view", { weeks: 53 })) });
    }
    await mark("before-toggles", null, true);
    for (let i = 0; i < TOGGLES; i += 1) await toggle(i);
    await mark("after-toggles", null, true);
    await mark("done");
  }

  whenReady().then(async () => {
    await mark("ready");
    if (config.mode === "launch") await mark("page", pageTimings());
    if (config.mode === "ipc") await ipcRun();
  }).catch((err) => mark("error", { message: String(err && err.message ? err.message : err) }));
}
