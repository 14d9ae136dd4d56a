// Work that can finish out of turn, drawn in turn: each tap on a tab starts a render, and a
// slow render of an earlier tap must never be drawn over the screen the user asked for last.
// No DOM here, so Node's test runner imports it as it is.

/** A generation counter: `begin()` starts a new generation and returns a check that is true
 *  until the next `begin()`. */
export function generations() {
  let current = 0;
  return {
    begin() {
      current += 1;
      const mine = current;
      return () => mine === current;
    },
  };
}

/**
 * Returns `run(work)`: `work(isCurrent)` prepares something off-screen and resolves to it;
 * only the latest run's result is passed to `draw`, and only the latest run's error to `fail`.
 * An earlier run that finishes later is dropped. `run` resolves to "drawn", "failed" or
 * "stale", so the caller knows whether the screen it marked busy has settled.
 */
export function latestWins({ draw, fail }) {
  const counter = generations();
  return async function run(work) {
    const isCurrent = counter.begin();
    let result;
    try {
      result = await work(isCurrent);
    } catch (err) {
      if (!isCurrent()) return "stale";
      fail(err);
      return "failed";
    }
    if (!isCurrent()) return "stale";
    draw(result);
    return "drawn";
  };
}
