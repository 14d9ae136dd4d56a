// The habit form, one for adding and editing, in a modal <dialog>: name, kind, unit, goal,
// schedule and an optional note. Opened from Settings (add and edit) and from the end of
// Today's list (add). It checks what it can at once (habit-rules.js), sends the rest to Rust,
// and shows Rust's refusal inside the form. Closing it gives focus back to the control that
// opened it, which the screen's redraw then keeps on the same control.

import { api } from "../api.js";
import { h, restoreFocusTo, uid } from "../dom.js";
import { WEEKDAYS } from "../format.js";
import { LIMITS, editFor, firstError, formValues, readHabitForm } from "../habit-rules.js";

/**
 * Opens the form. `habit`: the habit to edit (a Settings row), or null to add one.
 * `activeNames`: the names of the active habits, for the duplicate check.
 * `onSaved(view)`: called with the SettingsScreen Rust answered, after the dialog closed.
 */
export function openHabitForm({ habit = null, activeNames = [], onSaved }) {
  const adding = habit === null;
  const builtIn = !adding && !habit.own;
  const values = formValues(habit);
  const titleId = uid("habit-form-title");
  const errorId = uid("habit-form-error");
  const fieldErrors = {};
  let busy = false;

  // ---- one labelled control with its error line ----
  const errorLine = (field) => {
    const line = h("p", { class: "field-error", id: uid(`error-${field}`), "data-error-for": field, hidden: true });
    fieldErrors[field] = line;
    return line;
  };
  const describe = (field, hintId) => [hintId, fieldErrors[field]?.id].filter(Boolean).join(" ") || null;

  const textField = (field, label, attrs = {}, hint = null) => {
    const id = uid(`habit-${field}`);
    const hintId = hint ? uid(`hint-${field}`) : null;
    const error = errorLine(field);
    const input = h(attrs.multiline ? "textarea" : "input", {
      ...(attrs.multiline ? { rows: 3, class: "form-textarea" } : { type: attrs.type || "text", class: "form-input" }),
      id, name: field, "data-field": field, autocomplete: "off",
      inputmode: attrs.inputmode, min: attrs.min, max: attrs.max, step: attrs.step,
      "aria-required": attrs.required ? "true" : null,
      "aria-describedby": describe(field, hintId),
      oninput: () => setError(field, null),
    });
    input.value = attrs.value ?? "";
    return { input, el: h("div", { class: "form-field", "data-form-field": field },
      h("label", { for: id, class: "form-label" }, label),
      hint ? h("span", { class: "muted small", id: hintId }, hint) : null,
      input,
      error,
    ) };
  };

  const radioGroup = (name, legend, choices, checked, onchange) => {
    const groupName = uid(name);
    return h("fieldset", { class: "form-group", "data-group": name },
      h("legend", { class: "form-label" }, legend),
      h("div", { class: "form-choices" },
        ...choices.map(([value, label]) => {
          const id = uid(`${name}-choice`);
          return h("span", { class: "form-choice" },
            h("input", {
              type: "radio", id, name: groupName, value, checked: value === checked,
              "data-field": name, onchange: () => onchange(value),
            }),
            h("label", { for: id }, label),
          );
        }),
      ),
    );
  };

  // ---- the fields ----
  const name = adding || !builtIn
    ? textField("name", "Name", { value: values.name, required: true }, `Up to ${LIMITS.name} characters, such as “Green tea”.`)
    : null;

  let kind = values.kind;
  const kindGroup = adding
    ? radioGroup("kind", "Kind", [["check", "Yes or no"], ["count", "A count, with a unit"]], kind, (value) => {
      kind = value;
      syncVisibility();
    })
    : null;

  const unit = !builtIn
    ? textField("unit", "Unit", { value: values.unit, required: true }, "What you count: cups, minutes, servings…")
    : null;

  let direction = values.direction;
  const directionGroup = radioGroup("direction", "Goal", [["at_least", "At least"], ["at_most", "At most (a limit)"]], direction, (value) => {
    direction = value;
  });
  const maxTarget = builtIn ? habit.max_target : LIMITS.target;
  const target = textField("target", builtIn && habit.unit ? `Target for a day (${habit.unit})` : "Target for a day", {
    type: "number", inputmode: "numeric", min: 1, max: maxTarget, step: 1, value: values.target, required: true,
  }, `A whole number from 1 to ${maxTarget}.`);
  const countPart = h("div", { class: "form-part", "data-part": "count" },
    unit ? unit.el : null, directionGroup, target.el);

  let scheduleKind = values.scheduleKind;
  const scheduleGroup = radioGroup("schedule", "When", [
    ["every_day", "Every day"], ["weekdays", "On chosen weekdays"], ["times_per_week", "A number of times a week"],
  ], scheduleKind, (value) => {
    scheduleKind = value;
    setError("days", null);
    setError("times", null);
    syncVisibility();
  });
  const daysError = errorLine("days");
  const dayBoxes = WEEKDAYS.map(([value, short, long]) => {
    const id = uid("habit-day");
    const box = h("input", {
      type: "checkbox", id, value, checked: values.days.includes(value), "data-field": "days",
      onchange: () => setError("days", null),
    });
    return { box, el: h("span", { class: "form-choice form-day" }, box, h("label", { for: id }, h("abbr", { title: long }, short))) };
  });
  const daysGroup = h("fieldset", { class: "form-group form-days", "data-group": "days", "aria-describedby": daysError.id },
    h("legend", { class: "form-label" }, "Days"),
    h("div", { class: "form-choices" }, ...dayBoxes.map((d) => d.el)),
    daysError,
  );
  const times = textField("times", "Times a week", {
    type: "number", inputmode: "numeric", min: 1, max: LIMITS.times, step: 1, value: values.times,
  }, "The week runs Monday to Sunday.");

  const why = !builtIn
    ? textField("why", "Why (optional)", { multiline: true, value: values.why }, `A note to yourself, up to ${LIMITS.why} characters.`)
    : null;

  const summary = h("div", { class: "form-error", id: errorId, role: "alert", "data-form-error": "" });
  const submit = h("button", { type: "submit", class: "text-button primary", "data-action": "save-habit" }, adding ? "Add habit" : "Save");
  const cancel = h("button", { type: "button", class: "text-button", "data-action": "cancel-habit", onclick: () => dialog.close() }, "Cancel");

  const form = h("form", { class: "habit-form", novalidate: true, "aria-labelledby": titleId, onsubmit: (event) => { event.preventDefault(); save(); } },
    h("h2", { id: titleId, class: "form-title" }, adding ? "Add a habit" : `Edit ${habit.name}`),
    builtIn
      ? h("p", { class: "muted small" }, "A habit from GutSkin's list: you can change its ",
        habit.kind === "count" ? "goal, target and schedule." : "schedule.")
      : null,
    !adding && !builtIn ? h("p", { class: "muted small" }, habit.kind === "count" ? `A count, in ${habit.unit}.` : "A yes-or-no habit.") : null,
    !adding ? h("p", { class: "muted small" }, "Changes count from today; past days keep the rule they had.") : null,
    summary,
    name ? name.el : null,
    kindGroup,
    countPart,
    scheduleGroup,
    daysGroup,
    times.el,
    why ? why.el : null,
    h("div", { class: "button-row form-buttons" }, submit, cancel),
  );
  const dialog = h("dialog", { class: "habit-dialog", "aria-labelledby": titleId, "data-dialog": "habit-form" }, form);

  function syncVisibility() {
    countPart.hidden = kind !== "count";
    daysGroup.hidden = scheduleKind !== "weekdays";
    times.el.hidden = scheduleKind !== "times_per_week";
  }

  function setError(field, message) {
    const line = fieldErrors[field];
    if (!line) return;
    line.textContent = message || "";
    line.hidden = !message;
    const controls = field === "days" ? dayBoxes.map((d) => d.box) : [{ name, unit, target, times, why }[field]?.input].filter(Boolean);
    for (const control of controls) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }

  function showSummary(message) {
    summary.textContent = message || "";
  }

  function raw() {
    return {
      name: name ? name.input.value : habit.name,
      kind,
      unit: unit ? unit.input.value : habit?.unit || "",
      target: target.input.value,
      direction,
      scheduleKind,
      days: dayBoxes.filter((d) => d.box.checked).map((d) => d.box.value),
      times: times.input.value,
      why: why ? why.input.value : "",
    };
  }

  function focusField(field) {
    const control = field === "days" ? dayBoxes[0].box : { name, unit, target, times, why }[field]?.input;
    control?.focus();
  }

  async function save() {
    if (busy) return;
    for (const field of Object.keys(fieldErrors)) setError(field, null);
    showSummary("");
    const read = readHabitForm(raw(), {
      builtIn,
      maxTarget,
      otherNames: activeNames.filter((other) => adding || other !== habit.name),
    });
    if (!read.ok) {
      for (const [field, message] of Object.entries(read.errors)) setError(field, message);
      const count = Object.keys(read.errors).length;
      showSummary(count === 1 ? "One thing to fix: " + Object.values(read.errors)[0] : `${count} things to fix, marked below.`);
      focusField(firstError(read.errors));
      return;
    }
    let request;
    if (adding) {
      request = () => api.addHabit(read.habit);
    } else {
      const edit = editFor(habit, read.habit);
      if (Object.keys(edit).length === 0) {
        dialog.close();
        return;
      }
      request = () => api.editHabit(habit.id, edit);
    }
    busy = true;
    form.setAttribute("aria-busy", "true");
    let view;
    try {
      view = await request();
    } catch (err) {
      // Rust refused and wrote nothing: say why here, where the fix is made.
      showSummary(err.message);
      return;
    } finally {
      busy = false;
      form.setAttribute("aria-busy", "false");
    }
    dialog.close();
    await onSaved(view);
  }

  syncVisibility();
  const opener = document.activeElement;
  dialog.addEventListener("close", () => {
    dialog.remove();
    // The browser gives focus back to the opener; make sure, and show where it is.
    if (opener && opener.isConnected && opener !== document.body) restoreFocusTo(opener);
  });
  document.body.append(dialog);
  dialog.showModal();
  (name ? name.input : form.querySelector("input:checked, input"))?.focus();
  return dialog;
}
