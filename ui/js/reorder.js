// Moving habits up and down by keyboard: which move buttons are usable, and which control
// keeps focus after the list is drawn again in its new order. No DOM here.

/** Whether the habit at `index` of `count` can move up and down. */
export function moveState(index, count) {
  return { up: index > 0, down: index >= 0 && index < count - 1 };
}

/** The list after moving `id` by `offset` (-1 up, +1 down); the same list at an end. */
export function moved(ids, id, offset) {
  const from = ids.indexOf(id);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= ids.length) return ids.slice();
  const next = ids.slice();
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

export const moveKey = (id, offset) => `move-${offset < 0 ? "up" : "down"}-${id}`;

/**
 * The focus key to restore after `id` was moved by `offset` and the list is now `ids`: the
 * same button on the moved habit, or, now that it reached an end and that button is disabled,
 * the habit's other move button; with no move possible at all, its Edit button.
 */
export function focusAfterMove(ids, id, offset) {
  const state = moveState(ids.indexOf(id), ids.length);
  const same = offset < 0 ? state.up : state.down;
  const other = offset < 0 ? state.down : state.up;
  if (same) return moveKey(id, offset);
  if (other) return moveKey(id, -offset);
  return `edit-${id}`;
}
