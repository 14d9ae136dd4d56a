// The words of the daily log card, from the form Rust sends with every log (daylog::Form:
// the scales with a word for each value, the areas with their names, the note's limit). No
// DOM here, so Node's test runner imports it as it is.

/** The word for `value` on `scale`; a number the form does not know shows as itself. */
export function scaleWord(scale, value) {
  const word = scale.labels[value - scale.low];
  return word === undefined ? String(value) : word;
}

/** Every value of `scale` with its word, lowest first. */
export function scaleChoices(scale) {
  return scale.labels.map((word, i) => ({ value: scale.low + i, word }));
}

/** An area's name; an id the form does not list (say, from a newer GutSkin) shows as itself. */
export function areaLabel(form, id) {
  const area = form.areas.find((a) => a.id === id);
  return area ? area.label : id;
}

/** The parts of the status line for a saved log, in the card's order: the first scale, the
 *  areas, the other scales, the note. */
export function summaryParts(log, form) {
  const [first, ...rest] = form.scales;
  const parts = [];
  const rating = (scale) => {
    const value = log[scale.field];
    if (value === null || value === undefined) return;
    parts.push(scale.summary
      .replace("{word}", scaleWord(scale, value).toLowerCase())
      .replace("{value}", String(value)));
  };
  if (first) rating(first);
  if (log.areas.length) parts.push(log.areas.map((id) => areaLabel(form, id).toLowerCase()).join(", "));
  rest.forEach(rating);
  if (log.note) parts.push("a note");
  return parts;
}

/** "12 of 2000 characters", counting characters as the limit does (an emoji is one). */
export function noteCounter(text, max) {
  return `${[...text].length} of ${max} characters`;
}
