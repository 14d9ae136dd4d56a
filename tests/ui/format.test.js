// Dates and numbers as the window writes them (ui/js/format.js).
import { test } from "node:test";
import assert from "node:assert/strict";

import { daysBetween, formatDay, longDay, monthTicks, parseDay, plural, relativeDay, shiftDay } from "../../ui/js/format.js";

/** Runs `body` with the process in time zone `tz`, then puts the previous one back. */
function inZone(tz, body) {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    body();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

test("a day is parsed as that local calendar date", () => {
  const date = parseDay("2024-02-29");
  assert.deepEqual([date.getFullYear(), date.getMonth(), date.getDate()], [2024, 1, 29]);
});

test("shifting days crosses months, years and leap days", () => {
  assert.equal(shiftDay("2024-02-28", 1), "2024-02-29");
  assert.equal(shiftDay("2023-02-28", 1), "2023-03-01");
  assert.equal(shiftDay("2024-12-31", 1), "2025-01-01");
  assert.equal(shiftDay("2025-01-01", -1), "2024-12-31");
  assert.equal(shiftDay("2025-03-10", -365), "2024-03-10");
  assert.equal(shiftDay("2025-03-10", 0), "2025-03-10");
});

test("shifting days keeps the calendar date where clocks change, even at midnight", () => {
  // Santiago moved clocks from 00:00 to 01:00 on 2023-09-03; Berlin and New York change at
  // night in spring and autumn.
  for (const tz of ["America/Santiago", "Europe/Berlin", "America/New_York", "Pacific/Auckland"]) {
    inZone(tz, () => {
      assert.equal(shiftDay("2023-09-02", 1), "2023-09-03", tz);
      assert.equal(shiftDay("2023-09-03", 1), "2023-09-04", tz);
      assert.equal(shiftDay("2024-03-31", 1), "2024-04-01", tz);
      assert.equal(shiftDay("2024-10-27", -1), "2024-10-26", tz);
      assert.equal(shiftDay("2024-03-10", 1), "2024-03-11", tz);
      assert.equal(formatDay("2023-09-03", { day: "numeric" }).replace(/\D/g, ""), "3", tz);
    });
  }
});

test("today and yesterday have names; other days are their weekday", () => {
  assert.equal(relativeDay("2025-03-10", "2025-03-10"), "Today");
  assert.equal(relativeDay("2025-03-09", "2025-03-10"), "Yesterday");
  assert.equal(relativeDay("2025-03-01", "2025-03-01"), "Today");
  assert.equal(relativeDay("2025-02-28", "2025-03-01"), "Yesterday");
  assert.equal(relativeDay("2025-03-05", "2025-03-10"), "Wednesday");
});

test("Today's day names match Intl's en-US forms on every day of a leap year, in any time zone", () => {
  for (const tz of ["America/Santiago", "Europe/Berlin", "Pacific/Auckland"]) {
    inZone(tz, () => {
      // Made in the zone: a formatter keeps the time zone it was made in.
      const long = new Intl.DateTimeFormat("en-US", { weekday: "long", day: "numeric", month: "long" });
      const weekday = new Intl.DateTimeFormat("en-US", { weekday: "long" });
      for (let i = 0; i < 366; i += 1) {
        const day = shiftDay("2024-01-01", i);
        assert.equal(longDay(day), long.format(parseDay(day)), `${day} in ${tz}`);
        assert.equal(relativeDay(day, shiftDay(day, 3)), weekday.format(parseDay(day)), `${day} in ${tz}`);
      }
    });
  }
  assert.equal(longDay("2026-12-01"), "Tuesday, December 1");
});

test("plural picks the word for one and for any other count", () => {
  assert.equal(plural(1, "day", "days"), "1 day");
  assert.equal(plural(0, "day", "days"), "0 days");
  assert.equal(plural(2, "week", "weeks"), "2 weeks");
});

test("days between two dates count calendar days in any time zone", () => {
  assert.equal(daysBetween("2025-03-01", "2025-03-10"), 9);
  assert.equal(daysBetween("2025-03-10", "2025-03-01"), -9);
  assert.equal(daysBetween("2024-01-01", "2025-01-01"), 366);
  inZone("Europe/Berlin", () => assert.equal(daysBetween("2024-03-30", "2024-04-01"), 2));
});

test("month ticks fall on the first of each month, at least three weeks apart", () => {
  const ticks = monthTicks("2025-01-27", 7 * 10).map((t) => t.day);
  assert.deepEqual(ticks, ["2025-02-01", "2025-03-01", "2025-04-01"]);
  // With the start included, a first of the month closer than three weeks is skipped.
  // With the start included, a first of the month closer than three weeks to it is skipped.
  const withStart = monthTicks("2025-01-20", 7 * 6, true).map((t) => t.day);
  assert.deepEqual(withStart, ["2025-01-20", "2025-03-01"]);
  for (const t of monthTicks("2025-01-01", 365)) assert.equal(typeof t.label, "string");
});
