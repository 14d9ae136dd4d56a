// The banner Today shows while an experiment runs: the week and block ("Week 2 of 16 —
// dairy-free block: avoid dairy"), what the day asks, and a nudge when the day's score is not
// logged yet. It links to the experiment screen. Asked for once per Today screen and day: a
// redraw after a tap draws the last answer again and asks nothing (a tap changes no block).

import { api, settle } from "../api.js";
import { h, replace, uid } from "../dom.js";

// Per Today screen element: the day asked for and the answer.
const asked = new WeakMap();

/** `screen`: the element Today draws into (a new one each time Today is opened). `answer`,
 *  when given, is the banner already asked for (`{ value }` or `{ error }`): drawn at once. */
export function experimentBanner(ctx, day, screen, answer) {
  const slot = h("div", { class: "experiment-banner-slot" });
  const last = asked.get(screen);
  if (last && last.day === day) {
    if (last.banner !== undefined) draw(slot, ctx, last.banner);
    else last.slots.push(slot);
    return slot;
  }
  const entry = { day, banner: undefined, slots: [slot] };
  asked.set(screen, entry);
  const fill = ({ value, error }) => {
    // The banner is a helper: Today works without it, so a failure only leaves the slot empty.
    entry.banner = error ? null : value;
    // Every slot drawn for this day meanwhile; only the one in the page is seen.
    for (const s of entry.slots) draw(s, ctx, entry.banner);
    entry.slots = [];
  };
  if (answer) fill(answer);
  else settle(api.experimentBanner(day)).then(fill);
  return slot;
}

function draw(slot, ctx, banner) {
  if (!banner) {
    replace(slot);
    return;
  }
  const titleId = uid("banner-title");
  const what = banner.outcome === "skin" ? "skin score" : "bloating";
  replace(slot,
    h("section", {
      class: `experiment-banner arm-${banner.arm}`, "aria-labelledby": titleId,
      "data-experiment": banner.experiment_id, "data-arm": banner.arm,
    },
      h("h2", { id: titleId, class: "banner-headline" }, banner.headline),
      h("p", {}, banner.instruction,
        banner.wash_in ? " Wash-in days: recorded, not compared." : ""),
      banner.outcome_missing
        ? h("p", { class: "banner-missing", "data-missing": banner.outcome }, `No ${what} for this day yet: the experiment needs one every day.`,
          " ",
          h("button", {
            type: "button", class: "text-button", "data-action": "rate-outcome",
            onclick: () => {
              const field = document.querySelector(`[data-log-field="${CSS.escape(banner.outcome)}"] input`);
              if (field) {
                field.scrollIntoView({ block: "center" });
                field.focus();
              }
            },
          }, `Log the ${what}`))
        : null,
      h("button", {
        type: "button", class: "text-button", "data-action": "open-experiment",
        onclick: () => ctx.show("experiment"),
      }, "See the experiment"),
    ),
  );
}

// Once the day's score is chosen in the log card below, the nudge has done its job.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.checked || input.value === "") return;
  const field = input.closest("[data-log-field]")?.dataset.logField;
  if (!field) return;
  for (const nudge of document.querySelectorAll(`.banner-missing[data-missing="${CSS.escape(field)}"]`)) {
    nudge.hidden = true;
  }
});
