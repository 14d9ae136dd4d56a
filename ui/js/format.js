// Dates and numbers as the user reads them. Days travel as "YYYY-MM-DD" local calendar dates.

export function parseDay(text) {
  const [y, m, d] = text.split("-").map(Number);
  return new Date(y, m - 1, d);
}

export function formatDay(text, options = { weekday: "long", day: "numeric", month: "long" }) {
  return new Intl.DateTimeFormat(undefined, options).format(parseDay(text));
}

export function shiftDay(text, delta) {
  const date = parseDay(text);
  date.setDate(date.getDate() + delta);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The weekdays as schedules and reminders spell them: [value, short, long], Monday first. */
export const WEEKDAYS = [
  ["mon", "Mon", "Monday"], ["tue", "Tue", "Tuesday"], ["wed", "Wed", "Wednesday"],
  ["thu", "Thu", "Thursday"], ["fri", "Fri", "Friday"], ["sat", "Sat", "Saturday"],
  ["sun", "Sun", "Sunday"],
];

// The day's names Today shows, in the app's language (English), written out rather than asked
// of Intl: the first Intl.DateTimeFormat costs the start about 8 ms while ICU loads. They match
// Intl's "en-US" forms (tests/ui/format.test.js checks that on every day of a leap year).
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The long name of a date's weekday ("Tuesday"). */
function weekdayName(date) {
  // getDay() counts from Sunday; WEEKDAYS from Monday.
  return WEEKDAYS[(date.getDay() + 6) % 7][2];
}

/** "Tuesday, December 1". */
export function longDay(text) {
  const date = parseDay(text);
  return `${weekdayName(date)}, ${MONTHS_LONG[date.getMonth()]} ${date.getDate()}`;
}

/** "Today", "Yesterday", or the weekday's name ("Tuesday"). */
export function relativeDay(day, today) {
  if (day === today) return "Today";
  if (day === shiftDay(today, -1)) return "Yesterday";
  return weekdayName(parseDay(day));
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier), whatever the time zone. */
export function daysBetween(from, to) {
  const [a, b] = [from, to].map((t) => {
    const [y, m, d] = t.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  });
  return Math.round((b - a) / 86400000);
}

/** The first day of each month within the range (and the range's first day, if asked),
 * labelled with the month's short name; labels closer than three weeks are skipped. */
export function monthTicks(start, days, includeStart = false) {
  const ticks = [];
  for (let i = 0; i < days; i += 1) {
    const day = shiftDay(start, i);
    if (!day.endsWith("-01") && !(includeStart && i === 0)) continue;
    if (ticks.length && daysBetween(ticks[ticks.length - 1].day, day) < 21) continue;
    ticks.push({ day, label: formatDay(day, { month: "short" }) });
  }
  return ticks;
}
