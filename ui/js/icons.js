// Small inline SVG icons, drawn from code so the CSP needs no extra sources.
import { s } from "./dom.js";

// Each icon is built once and cloned after: a Today with 30 habits draws about a hundred.
const built = new Map();

function icon(paths, size = 24) {
  const key = `${size} ${paths.join(" ")}`;
  let template = built.get(key);
  if (!template) {
    template = s(
      "svg",
      { viewBox: "0 0 24 24", width: size, height: size, "aria-hidden": "true", focusable: "false", class: "icon" },
      ...paths.map((d) => s("path", { d })),
    );
    built.set(key, template);
  }
  return template.cloneNode(true);
}

export const icons = {
  today: () => icon(["M7 3v3M17 3v3M4 8h16M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z", "M9 14l2 2 4-4"]),
  check: () => icon(["M5 12.5l4.5 4.5L19 7.5"]),
  back: () => icon(["M15 5l-7 7 7 7"]),
  forward: () => icon(["M9 5l7 7-7 7"]),
  plus: () => icon(["M12 5v14M5 12h14"]),
  up: () => icon(["M12 19V5M6 11l6-6 6 6"]),
  down: () => icon(["M12 5v14M6 13l6 6 6-6"]),
  skip: () => icon(["M5 12h11M12 7l5 5-5 5", "M19 6v12"]),
  minus: () => icon(["M5 12h14"]),
  checklist: () => icon(["M9 4h6a1 1 0 0 1 1 1v1H8V5a1 1 0 0 1 1-1z", "M16 5h2a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1h2", "M8.5 13l2.5 2.5 4.5-5"]),
  learn: () => icon(["M12 6.5C10 5 7 4.5 4 5v13c3-.5 6 0 8 1.5 2-1.5 5-2 8-1.5V5c-3-.5-6 0-8 1.5z", "M12 6.5v13"]),
  alert: () => icon(["M12 4l9 16H3z", "M12 10v4M12 17h.01"], 20),
  progress: () => icon(["M4 20V10M10 20V4M16 20v-7M22 20H2"]),
  settings: () => icon(["M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"]),
  flame: () => icon(["M12 3c1 3 5 5 5 10a5 5 0 0 1-10 0c0-2 1-3.5 2-4.5 0 2 1 3 2 3 0-3-1-5 1-8.5z"], 16),
};
