// The Learn screen: the gut-skin axis in short, plain sections, and why each habit is on the
// list (in the habit catalogue's own words, fetched from the Rust side).

import { api } from "../api.js";
import { h, replace } from "../dom.js";

// Loaded when first shown; its id, label and place in the tabs are in app.js.
export const learnScreen = { mount };

// Each section: a title, then short paragraphs, or a numbered list of steps.
const SECTIONS = [
  {
    id: "axis",
    title: "Your gut talks to your skin",
    paragraphs: [
      "Trillions of microbes live in your gut. Together they help steer your immune system and your metabolism.",
      "What they make gets into your blood and travels the body, skin included. Gut and skin stay in touch through the immune system, the nerves and the blood; most of that traffic runs from gut to skin. Researchers call this the gut-skin axis.",
    ],
  },
  {
    id: "dysbiosis",
    title: "When the balance tips",
    paragraphs: [
      "If the variety of helpful bacteria shrinks, the gut's community falls out of balance. This is called dysbiosis.",
      "An unbalanced gut becomes inflamed, and the inflammation does not stay put. It spreads through the body and feeds the processes that build a breakout.",
    ],
  },
  {
    id: "barrier",
    title: "A leaky barrier and LPS",
    paragraphs: [
      "Your gut lining is a tight seal: it lets nutrients through and keeps harmful things out.",
      "When the seal loosens (often called a leaky gut), toxins from some bacteria, lipopolysaccharides or LPS for short, slip into the blood.",
      "The immune system reacts to LPS, and a steady, low-level inflammation sets in. On the skin it can show as inflamed spots that keep coming back.",
    ],
  },
  {
    id: "pores",
    title: "From inflammation to a blocked pore",
    steps: [
      "Inflammatory signals in the blood make the skin produce more oil (sebum).",
      "Skin cells lining the pore shed too fast and clump together (hyperkeratinization), and the pore blocks.",
      "An oily, blocked pore suits Cutibacterium acnes (C. acnes), the bacterium behind inflamed breakouts.",
      "Some microbial by-products also push on mTOR, a growth switch inside cells that is involved in acne.",
    ],
  },
  {
    id: "stress",
    title: "The gut-brain link and stress",
    paragraphs: [
      "Your gut and your brain are in constant contact.",
      "Long-running stress changes the gut's microbes and makes its lining leakier, which keeps the inflammation going. A calming practice breaks into that loop, for your gut and your skin.",
    ],
  },
  {
    id: "what-helps",
    title: "What the habits aim for",
    paragraphs: [
      "Two things: a varied, balanced gut community, and a gut lining that seals well. Food, a few supplements and a calmer mind all play a part.",
      "Skin renews slowly. Give a change a few weeks before you judge it.",
    ],
  },
];

async function mount(host) {
  const habits = await api.habitGuide();
  replace(
    host,
    h("header", { class: "screen-header" },
      h("h1", { class: "screen-title" }, "Learn"),
      h("p", { class: "muted" }, "How your gut can show on your skin, in a few short steps, and why each habit is on your list."),
    ),
    ...SECTIONS.map(section),
    h("section", { class: "learn-card", "data-section": "habits", "aria-labelledby": "learn-habits" },
      h("h2", { id: "learn-habits" }, "Why each habit is on the list"),
      h("ul", { class: "habit-guide", role: "list" }, ...habits.map(habitEntry)),
    ),
    h("p", { class: "muted learn-footnote" },
      "This explains one line of research in plain words. It does not replace advice from a clinician."),
  );
}

function section({ id, title, paragraphs, steps }) {
  const titleId = `learn-${id}`;
  return h("section", { class: "learn-card", "data-section": id, "aria-labelledby": titleId },
    h("h2", { id: titleId }, title),
    ...(paragraphs || []).map((text) => h("p", {}, text)),
    steps ? h("ol", { class: "steps" }, ...steps.map((text) => h("li", {}, text))) : null,
  );
}

function habitEntry(habit) {
  return h("li", { class: "guide-entry", "data-habit": habit.id },
    h("h3", {}, habit.name,
      habit.enabled ? null : h("span", { class: "badge" }, "Not on your list")),
    h("p", { class: "muted" }, habit.what_counts),
    h("p", {}, habit.why),
  );
}
