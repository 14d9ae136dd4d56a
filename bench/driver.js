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

  // Wall-clock milliseconds (the clock the Rust side and bench.sh use), at performance.now()'s
  // resolution: WebKit's performance.timeOrigin does not always match what now() counts from.
  const anchor = Date.now() - performance.now();
  const at = () => round(anchor + performance.now());
  const documentStart = at();
  let domContentLoaded = null;
  document.addEventListener("DOMContentLoaded", () => { domContentLoaded = at(); }, { once: true });

  const invoke = (cmd, args = {}) => window.__TAURI_INTERNALS__.invoke(cmd, args);
  const mark = (label, data = null, wait = false) => invoke(config.mark, { label, data, wait });
  const SAMPLES = 20;
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

  // Where the launch went, from the page's side, in wall-clock milliseconds; paints are
  // WebKit's own, in milliseconds from its time origin; `marks`, any performance.mark() the
  // page made (none in the app as shipped: add some while profiling), on the wall clock.
  function pageTimings(readyAt, paintedAt) {
    const paints = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, round(p.startTime)]));
    const marks = Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, round(anchor + m.startTime)]));
    return { documentStart, domContentLoaded, readyAt, paintedAt, paints, marks };
  }

  function round(ms) {
    return Math.round(ms * 1000) / 1000;
  }

  // WebKit rounds performance.now() to whole milliseconds, so each sample is the mean of a
  // batch of calls made one after the other: `n` samples of `batch` calls, after a warm-up.
  async function timed(n, batch, call) {
    const samples = [];
    let i = 0;
    for (; i < WARMUP; i += 1) await call(i);
    for (let s = 0; s < n; s += 1) {
      const t0 = performance.now();
      for (let k = 0; k < batch; k += 1, i += 1) await call(i);
      samples.push(round((performance.now() - t0) / batch));
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
    await mark("toggle", { samples: await timed(SAMPLES, 10, toggle) });
    if (config.app === "gutskin") {
      // The two calls the window makes before it can draw Today.
      await mark("startup", { samples: await timed(SAMPLES / 2, 4, async () => { await invoke("app_status"); await invoke("today_view"); }) });
      await mark("progress", { samples: await timed(SAMPLES / 2, 4, () => invoke("progress_view", { weeks: 53 })) });
    }
    await mark("before-toggles", null, true);
    for (let i = 0; i < TOGGLES; i += 1) await toggle(i);
    await mark("after-toggles", null, true);
    await mark("done");
  }

  // Today redrawn for another day, as a tap on "Previous day" / "Next day" makes it (GutSkin
  // only, on a file with 30 habits). Each tap comes just after a frame, so a whole frame
  // interval (16.7 ms at 60 Hz) lies before the next rendering update. Per tap:
  // - `drawn`: from the click to the whole new screen built and laid out (the IPC calls, the
  //   DOM, style and layout), the day's log card included;
  // - `frames`: which rendering update after the click is the first with the new screen in it
  //   (1: the very next one, so no frame is dropped);
  // - `work`: `drawn` plus that update's own time (from its animation-frame callback to the
  //   first task after it, its paint included): what must fit in one frame interval.
  async function redrawRun() {
    const host = document.getElementById("main");
    const title = () => host.querySelector(".screen-title")?.textContent;
    const titleChanged = (before) => new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (title() !== before) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(host, { subtree: true, childList: true, characterData: true });
    });
    const logDrawn = () => new Promise((resolve) => {
      const drawn = () => host.querySelector('.daylog[aria-busy="false"]');
      if (drawn()) return resolve();
      const observer = new MutationObserver(() => {
        if (drawn()) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(host, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"] });
    });
    const afterNextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    // Counts rendering updates until the first one that starts once `isReady()`; resolves with
    // their number and that update's time (its callback to the first task after it).
    const firstFrameWith = (isReady) => new Promise((resolve) => {
      let frames = 0;
      const tick = () => {
        frames += 1;
        if (!isReady()) {
          requestAnimationFrame(tick);
          return;
        }
        const start = performance.now();
        setTimeout(() => resolve({ frames, update: performance.now() - start }), 0);
      };
      requestAnimationFrame(tick);
    });
    const rows = host.querySelectorAll("li[data-habit]").length;
    const drawn = [];
    const frames = [];
    const work = [];
    for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
      await logDrawn();
      await afterNextFrame();
      const key = i % 2 === 0 ? "day-back" : "day-forward";
      const before = title();
      const changed = titleChanged(before);
      let ready = false;
      const t0 = performance.now();
      const shown = firstFrameWith(() => ready);
      host.querySelector(`[data-focus-key="${key}"]`).click();
      await changed;
      // The day's log card fills itself from its own answer, a task of its own: drawn once
      // that is in too.
      await logDrawn();
      document.body.getBoundingClientRect();
      const t1 = performance.now();
      ready = true;
      const frame = await shown;
      if (i >= WARMUP) {
        drawn.push(round(t1 - t0));
        frames.push(frame.frames);
        work.push(round(t1 - t0 + frame.update));
      }
    }
    await mark("redraw-drawn", { rows, samples: drawn });
    await mark("redraw-frames", { rows, samples: frames });
    await mark("redraw-work", { rows, samples: work });
    await mark("done");
  }

  whenReady().then(async () => {
    const readyAt = at();
    // The end of the first rendering update after that (style, layout and paint): when the
    // screen is on the glass, not only in the DOM.
    const painted = new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(at()), 0)));
    await mark("ready");
    if (config.mode === "launch") await mark("page", pageTimings(readyAt, await painted));
    if (config.mode === "ipc") await ipcRun();
    if (config.mode === "redraw") await redrawRun();
  }).catch((err) => mark("error", { message: String(err && err.message ? err.message : err) }));
}
