// The banner Today shows while an experiment runs: the week and block ("Week 2 of 16 —
// dairy-free block: avoid dairy"), what the day asks, and a nudge when the day's score is not
// logged yet. It links to the experiment screen. Drawn from the last answer for the day at
// once, then refreshed, so a redraw of Today after a tap does not flicker.

import { api } from "../api.js";
import { h, replace, uid } from "../dom.js";

const lastByDay = new Map();

export function experimentBanner(ctx, day) {
  const slot = h("div", { class: "experiment-banner-slot" });
  if (lastByDay.has(day)) draw(slot, ctx, lastByDay.get(day));
  api.experimentBanner(day).then(
    (banner) => {
      lastByDay.clear();
      lastByDay.set(day, banner);
      draw(slot, ctx, banner);
    },
    // The banner is a helper: Today works without it, so a failure only empties the slot.
    () => replace(slot),
  );
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
