// The "Skin & gut" card on Today: a quick log of the selected day. Every choice is saved the
// moment it is made; the note is saved as you pause typing and when you leave the box. The
// card always shows what the data file holds, never what it merely hoped to save.

import { api, settle } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { noteCounter, scaleChoices, summaryParts } from "../daylog-text.js";

const NOTE_DEBOUNCE_MS = 400;

// A note still being typed is saved when the window is hidden or goes away, not only after
// the pause or on leaving the box.
for (const [target, event] of [[window, "pagehide"], [window, "beforeunload"], [document, "visibilitychange"]]) {
  target.addEventListener(event, () => cached?.flushNote?.());
}

// One card per day, kept while that day is shown, so Today can redraw its habits without
// losing the note being typed or the focus.
let cached = null;

/** The card for `day`; filled in as soon as the saved log has been read. `answer`, when
 *  given, is that log already asked for (`{ value }` or `{ error }`): the card is drawn with
 *  it at once. */
export function dayLogCard(ctx, day, today, answer) {
  if (cached && cached.day === day) return cached.el;
  cached?.flushNote?.();
  const titleId = uid("daylog-title");
  const el = h("section", { class: "card daylog", "aria-labelledby": titleId, "data-daylog-day": day, "aria-busy": "true" },
    h("h2", { id: titleId, class: "section-title" }, day === today ? "Skin & gut today" : "Skin & gut that day"),
    h("p", { class: "muted" }, "Loading the log…"),
  );
  const card = { day, el, titleId, log: null, queue: Promise.resolve(), noteTimer: null };
  cached = card;
  const fill = ({ value, error }) => {
    if (cached !== card) return;
    if (error) replace(el, h("p", { class: "problem-message" }, error.message));
    else render(ctx, card, value);
  };
  if (answer) fill(answer);
  else settle(api.dayLog(day)).then(fill);
  return el;
}

function render(ctx, card, log) {
  card.log = log;
  // The scales, areas and note limit come with the log from Rust (daylog::Form).
  const [first, ...rest] = log.form.scales;
  const title = card.el.querySelector(`#${CSS.escape(card.titleId)}`);
  replace(
    card.el,
    title,
    status(log),
    first ? scale(ctx, card, first) : null,
    areas(ctx, card),
    ...rest.map((s) => scale(ctx, card, s)),
    note(ctx, card),
  );
  card.el.setAttribute("aria-busy", "false");
}

function status(log) {
  return h("p", { class: "daylog-status", "aria-live": "polite", "data-state": log.updated_at ? "saved" : "empty" },
    savedText(log));
}

function savedText(log) {
  if (!log.updated_at) return "Nothing logged for this day yet. Each choice is saved as you make it.";
  const parts = summaryParts(log, log.form);
  const time = new Date(log.updated_at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return parts.length ? `Saved at ${time}: ${parts.join(" · ")}.` : `Saved at ${time}: everything cleared.`;
}

/** Sends one field to the data file, one save at a time, and redraws from what was stored. */
function save(ctx, card, field, value) {
  card.queue = card.queue.then(async () => {
    // The last saved text stays while saving: a shorter line here would move every choice
    // below it up, under a pointer that is about to tap the next one.
    const state = card.el.querySelector(".daylog-status");
    if (state) state.dataset.state = "saving";
    try {
      const log = await api.setDayLogField(card.day, field, value);
      if (cached !== card) return;
      card.log = log;
      sync(card);
    } catch (err) {
      ctx.toast(err.message, { error: true });
      if (cached === card) sync(card, { failed: true });
    }
  });
  return card.queue;
}

/** Puts every control and the status line back in step with the saved log. */
function sync(card, { failed = false } = {}) {
  const log = card.log;
  for (const input of card.el.querySelectorAll("input[type=radio]")) {
    const saved = log[input.dataset.field];
    input.checked = input.value === (saved === null ? "" : String(saved));
  }
  for (const button of card.el.querySelectorAll("[data-clear-field]")) {
    button.hidden = log[button.dataset.clearField] === null;
  }
  for (const input of card.el.querySelectorAll("input[type=checkbox]")) {
    input.checked = log.areas.includes(input.value);
  }
  const state = card.el.querySelector(".daylog-status");
  if (state) {
    state.dataset.state = failed ? "error" : "saved";
    state.textContent = failed ? `Not saved. ${savedText(log)}` : savedText(log);
  }
}

function choice(ctx, card, field, name, value, text, checked) {
  return h("label", { class: "chip" },
    h("input", {
      type: "radio", name, value, checked,
      "data-field": field, "data-focus-key": `log-${field}-${value}`,
      onchange: () => save(ctx, card, field, value === "" ? null : Number(value)),
    }),
    h("span", {}, text),
  );
}

/** One rating as a row of choices. A scale that offers "Not recorded" has it as the first
 *  choice; the others have a Clear button beside the legend instead. */
function scale(ctx, card, spec) {
  const { field } = spec;
  const name = uid(`log-${field}`);
  const saved = card.log[field];
  const legend = spec.offers_not_recorded
    ? h("legend", {}, spec.legend)
    : h("legend", { class: "log-legend" }, h("span", {}, spec.legend), clearButton(ctx, card, field, spec.legend));
  return h("fieldset", { class: "log-field", "data-log-field": field },
    legend,
    h("div", { class: "chips" },
      spec.offers_not_recorded ? choice(ctx, card, field, name, "", "Not recorded", saved === null) : null,
      ...scaleChoices(spec).map(({ value, word }) =>
        choice(ctx, card, field, name, String(value), spec.numbered ? `${value} ${word}` : word, saved === value)),
    ),
  );
}

/** Takes a rating back to "not recorded" (a mis-tap on a back-filled day must not stay in
 *  Progress and the insights); shown only while the field holds a value. */
function clearButton(ctx, card, field, legend) {
  return h("button", {
    type: "button", class: "clear-button", "data-clear-field": field, hidden: card.log[field] === null,
    onclick: async (event) => {
      const fieldset = event.currentTarget.closest("fieldset");
      await save(ctx, card, field, null);
      fieldset?.querySelector("input")?.focus();
    },
  }, "Clear", h("span", { class: "visually-hidden" }, ` ${legend.toLowerCase()}`));
}

function areas(ctx, card) {
  const onchange = () => {
    const chosen = [...card.el.querySelectorAll("input[type=checkbox]:checked")].map((i) => i.value);
    save(ctx, card, "areas", chosen);
  };
  return h("fieldset", { class: "log-field", "data-log-field": "areas" },
    h("legend", {}, "Where were breakouts?"),
    h("div", { class: "chips" },
      ...card.log.form.areas.map(({ id, label }) => h("label", { class: "chip" },
        h("input", { type: "checkbox", value: id, checked: card.log.areas.includes(id), "data-focus-key": `log-area-${id}`, onchange }),
        h("span", {}, label),
      )),
    ),
  );
}

function note(ctx, card) {
  const id = uid("log-note");
  const countId = uid("log-note-count");
  const box = h("textarea", {
    id, class: "note", rows: 3, maxlength: card.log.form.note_max_chars, "aria-describedby": countId,
    "data-focus-key": "log-note", placeholder: "Anything worth remembering about today",
  });
  box.value = card.log.note; // as text, never as markup
  const counter = (text) => noteCounter(text, card.log.form.note_max_chars);
  const count = h("span", { id: countId, class: "muted note-count" }, counter(box.value));
  let lastSent = card.log.note;
  const flush = () => {
    clearTimeout(card.noteTimer);
    if (box.value === lastSent) return;
    lastSent = box.value;
    save(ctx, card, "note", box.value);
  };
  box.addEventListener("input", () => {
    count.textContent = counter(box.value);
    const state = card.el.querySelector(".daylog-status");
    if (state) {
      state.dataset.state = "editing";
      state.textContent = "Typing… the note is saved when you pause.";
    }
    clearTimeout(card.noteTimer);
    card.noteTimer = setTimeout(flush, NOTE_DEBOUNCE_MS);
  });
  box.addEventListener("blur", flush);
  card.flushNote = flush;
  return h("div", { class: "log-field" },
    h("label", { for: id, class: "note-label" }, "Note"),
    box,
    count,
  );
}
