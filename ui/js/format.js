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

/** "Today", "Yesterday", or the weekday and date. */
export function relativeDay(day, today) {
  if (day === today) return "Today";
  if (day === shiftDay(today, -1)) return "Yesterday";
  return formatDay(day, { weekday: "long" });
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}
