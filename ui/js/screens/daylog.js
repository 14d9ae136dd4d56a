// The "Skin & gut" card on Today: a quick log of the selected day. Every choice is saved the
// moment it is made; the note is saved as you pause typing and when you leave the box. The
// card always shows what the data file holds, never what it merely hoped to save.

import { api } from "../api.js";
import { h, replace, uid } from "../dom.js";

const NOTE_MAX = 2000;
const NOTE_DEBOUNCE_MS = 400;

const SKIN = ["Clear", "Almost clear", "Mild", "Moderate", "Severe"];
const SEVERITY = ["None", "Mild", "Moderate", "Severe"];
const STRESS = ["Calm", "A little", "Quite", "Very"];
const AREAS = [
  ["forehead", "Forehead"],
  ["cheeks", "Cheeks"],
  ["nose", "Nose"],
  ["mouth_chin_jaw", "Mouth, chin, jaw"],
  ["chest", "Chest"],
  ["back", "Back"],
];
const BRISTOL = [
  "Hard lumps",
  "Lumpy sausage",
  "Cracked sausage",
  "Smooth and soft",
  "Soft blobs",
  "Mushy",
  "Watery",
];

// A note still being typed is saved when the window is hidden or goes away, not only after
// the pause or on leaving the box.
for (const [target, event] of [[window, "pagehide"], [window, "beforeunload"], [document, "visibilitychange"]]) {
  target.addEventListener(event, () => cached?.flushNote?.());
}

// One card per day, kept while that day is shown, so Today can redraw its habits without
// losing the note being typed or the focus.
let cached = null;

/** The card for `day`; filled in as soon as the saved log has been read. */
export function dayLogCard(ctx, day, today) {
  if (cached && cached.day === day) return cached.el;
  cached?.flushNote?.();
  const titleId = uid("daylog-title");
  const el = h("section", { class: "card daylog", "aria-labelledby": titleId, "data-daylog-day": day, "aria-busy": "true" },
    h("h2", { id: titleId, class: "section-title" }, day === today ? "Skin & gut today" : "Skin & gut that day"),
    h("p", { class: "muted" }, "Loading the log…"),
  );
  const card = { day, el, titleId, log: null, queue: Promise.resolve(), noteTimer: null };
  cached = card;
  api.dayLog(day).then(
    (log) => { if (cached === card) render(ctx, card, log); },
    (err) => { if (cached === card) replace(el, h("p", { class: "problem-message" }, err.message)); },
  );
  return el;
}

function render(ctx, card, log) {
  card.log = log;
  const title = card.el.querySelector(`#${CSS.escape(card.titleId)}`);
  replace(
    card.el,
    title,
    status(log),
    scale(ctx, card, "skin", "Skin", SKIN, { numbered: true }),
    areas(ctx, card),
    scale(ctx, card, "bloating", "Bloating", SEVERITY),
    bristol(ctx, card),
    scale(ctx, card, "fatigue", "Fatigue", SEVERITY),
    scale(ctx, card, "brain_fog", "Brain fog", SEVERITY),
    scale(ctx, card, "stress", "Stress level", STRESS),
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
  const parts = [];
  if (log.skin !== null) parts.push(`skin ${SKIN[log.skin].toLowerCase()}`);
  if (log.areas.length) parts.push(log.areas.map((a) => AREAS.find(([id]) => id === a)[1].toLowerCase()).join(", "));
  if (log.bloating !== null) parts.push(`bloating ${SEVERITY[log.bloating].toLowerCase()}`);
  if (log.bristol !== null) parts.push(`stool type ${log.bristol}`);
  if (log.fatigue !== null) parts.push(`fatigue ${SEVERITY[log.fatigue].toLowerCase()}`);
  if (log.brain_fog !== null) parts.push(`brain fog ${SEVERITY[log.brain_fog].toLowerCase()}`);
  if (log.stress !== null) parts.push(`stress ${STRESS[log.stress].toLowerCase()}`);
  if (log.note) parts.push("a note");
  const time = new Date(log.updated_at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return parts.length ? `Saved at ${time}: ${parts.join(" · ")}.` : `Saved at ${time}: everything cleared.`;
}

/** Sends one field to the data file, one save at a time, and redraws from what was stored. */
function save(ctx, card, field, value) {
  card.queue = card.queue.then(async () => {
    const state = card.el.querySelector(".daylog-status");
    if (state) {
      state.dataset.state = "saving";
      state.textContent = "Saving…";
    }
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

function scale(ctx, card, field, legend, words, { numbered = false } = {}) {
  const name = uid(`log-${field}`);
  const saved = card.log[field];
  return h("fieldset", { class: "log-field", "data-log-field": field },
    h("legend", { class: "log-legend" }, h("span", {}, legend), clearButton(ctx, card, field, legend)),
    h("div", { class: "chips" },
      ...words.map((word, i) => choice(ctx, card, field, name, String(i), numbered ? `${i} ${word}` : word, saved === i)),
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

function bristol(ctx, card) {
  const name = uid("log-bristol");
  const saved = card.log.bristol;
  return h("fieldset", { class: "log-field", "data-log-field": "bristol" },
    h("legend", {}, "Stool form (Bristol scale, optional)"),
    h("div", { class: "chips" },
      choice(ctx, card, "bristol", name, "", "Not recorded", saved === null),
      ...BRISTOL.map((word, i) => choice(ctx, card, "bristol", name, String(i + 1), `${i + 1} ${word}`, saved === i + 1)),
    ),
  );
}

function areas(ctx, card) {
  const onchange = () => {
    const chosen = [...card.el.querySelectorAll("input[type=checkbox]:checked")].map((i) => i.value);
    save(ctx, card, "areas", chosen);
  };
  return h("fieldset", { class: "log-field", "data-log-field": "areas" },
    h("legend", {}, "Where were breakouts?"),
    h("div", { class: "chips" },
      ...AREAS.map(([id, label]) => h("label", { class: "chip" },
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
    id, class: "note", rows: 3, maxlength: NOTE_MAX, "aria-describedby": countId,
    "data-focus-key": "log-note", placeholder: "Anything worth remembering about today",
  });
  box.value = card.log.note; // as text, never as markup
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

function counter(text) {
  return `${[...text].length} of ${NOTE_MAX} characters`;
}
