//! Drawing the report on A4 pages with krilla, in black and grey so it prints well on any
//! printer. Layout happens first, into a list of drawing operations per page (so the number
//! of pages is known before anything is drawn); then each page is drawn. Text is set in the
//! embedded DejaVu Sans, so it can be selected and searched in any PDF reader. Bold is the
//! same font filled and outlined with a thin stroke: a second embedded font would cost the
//! release binary another 0.7 MB.
//!
//! The report never runs past [`MAX_PAGES`]: whatever does not fit is left out and the last
//! page says so.

use krilla::color::luma;
use krilla::geom::{Path, PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::{mean_text, Report};
use crate::error::{Error, Result};

pub const MAX_PAGES: usize = 3;
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 46.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// The lowest baseline of the flow; below it come the "did not fit" line and the footer.
const FLOW_BOTTOM: f32 = PAGE_H - MARGIN - 24.0;
pub const DID_NOT_FIT: &str =
    "The rest did not fit on three pages; GutSkin shows all of it on the Progress screen.";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The PDF's bytes, and how many pages it has.
pub struct Drawn {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    Title,
    Heading,
    Body,
    Bold,
    Small,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => 17.0,
            Style::Heading => 11.5,
            Style::Body | Style::Bold => 9.0,
            Style::Small => 7.5,
        }
    }

    fn bold(self) -> bool {
        matches!(self, Style::Title | Style::Heading | Style::Bold)
    }

    fn line_height(self) -> f32 {
        self.size() * 1.35
    }

    /// The width of the outline that makes the text bold.
    fn stroke(self) -> Option<f32> {
        self.bold().then(|| self.size() * 0.04)
    }
}

/// One thing to draw, in page coordinates (y grows downwards, text at its baseline).
#[derive(Clone, Debug)]
enum Op {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        grey: u8,
    },
    Dot {
        x: f32,
        y: f32,
        r: f32,
        grey: u8,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: u8,
    },
}

/// Measures text in the embedded fonts.
struct Measure {
    face: ttf_parser::Face<'static>,
}

impl Measure {
    fn new() -> Result<Measure> {
        Ok(Measure {
            face: ttf_parser::Face::parse(REGULAR, 0)
                .map_err(|e| Error::invalid(format!("The report's font could not be read: {e}")))?,
        })
    }

    fn width(&self, text: &str, style: Style) -> f32 {
        let face = &self.face;
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(600, u32::from)
            })
            .sum();
        let outline = style.stroke().unwrap_or(0.0) * text.chars().count() as f32;
        units as f32 * style.size() / f32::from(face.units_per_em()) + outline
    }

    /// `text` broken into lines no wider than `width`.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is broken wherever it has to be.
            for c in word.chars() {
                line.push(c);
                if self.width(&line, style) > width {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Lays the pages out, top to bottom, starting a new page when one is full.
struct Flow {
    measure: Measure,
    pages: Vec<Vec<Op>>,
    y: f32,
    full: bool,
}

impl Flow {
    fn new(measure: Measure) -> Flow {
        Flow {
            measure,
            pages: vec![Vec::new()],
            y: MARGIN,
            full: false,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Makes room for `height` more points; false once the last page is full.
    fn room(&mut self, height: f32) -> bool {
        if self.full {
            return false;
        }
        if self.y + height <= FLOW_BOTTOM {
            return true;
        }
        if self.pages.len() == MAX_PAGES {
            self.full = true;
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    fn text(&mut self, style: Style, text: &str) {
        self.text_at(0.0, CONTENT_W, style, text);
    }

    fn text_at(&mut self, indent: f32, width: f32, style: Style, text: &str) {
        for line in self.measure.wrap(text, style, width - indent) {
            if !self.room(style.line_height()) {
                return;
            }
            self.y += style.size();
            let y = self.y;
            self.ops().push(Op::Text {
                x: MARGIN + indent,
                y,
                style,
                text: line,
            });
            self.y += style.line_height() - style.size();
        }
    }

    fn bullet(&mut self, style: Style, text: &str) {
        if !self.room(style.line_height()) {
            return;
        }
        let y = self.y + style.size();
        self.ops().push(Op::Text {
            x: MARGIN + 4.0,
            y,
            style,
            text: "•".into(),
        });
        self.text_at(14.0, CONTENT_W, style, text);
    }

    /// A heading, kept on the page of what follows it.
    fn heading(&mut self, text: &str) {
        self.gap(6.0);
        if !self.room(Style::Heading.line_height() + 40.0) {
            return;
        }
        self.text(Style::Heading, text);
        let y = self.y;
        self.ops().push(Op::Line {
            points: vec![(MARGIN, y), (MARGIN + CONTENT_W, y)],
            width: 0.5,
            grey: 120,
        });
        self.gap(4.0);
    }

    /// One line of a table: each cell at its x offset, cut to fit before the next.
    fn row(&mut self, cells: &[(f32, Style, &str)]) {
        let height = cells.iter().map(|c| c.1.line_height()).fold(0.0, f32::max);
        if !self.room(height) {
            return;
        }
        let size = cells.iter().map(|c| c.1.size()).fold(0.0, f32::max);
        let y = self.y + size;
        for (i, &(x, style, text)) in cells.iter().enumerate() {
            let end = cells.get(i + 1).map_or(CONTENT_W, |next| next.0) - 4.0;
            let mut text = text.to_string();
            while !text.is_empty() && self.measure.width(&text, style) > end - x {
                text.pop();
            }
            self.ops().push(Op::Text {
                x: MARGIN + x,
                y,
                style,
                text,
            });
        }
        self.y += height;
    }
}

/// Lays out and draws the report.
pub fn render(report: &Report) -> Result<Drawn> {
    let pages = layout(report)?;
    draw(report, &pages)
}

fn layout(report: &Report) -> Result<Vec<Vec<Op>>> {
    let mut f = Flow::new(Measure::new()?);
    f.text(Style::Title, report.title);
    if let Some(name) = &report.name {
        f.text(Style::Bold, &format!("For: {name}"));
    }
    f.text(Style::Body, &format!("Period: {}", report.period_text));
    f.text(
        Style::Body,
        &format!(
            "Made on {} with GutSkin {}, from the person's own daily records (self-reported).",
            report.made_on, report.app_version
        ),
    );
    f.text(Style::Bold, report.not_a_diagnosis);

    f.heading("Indicator checklist");
    if let Some(latest) = &report.checklist.latest {
        f.text(
            Style::Bold,
            &format!(
                "Latest result ({}): {} — {}.",
                latest.day, latest.headline, latest.count_text
            ),
        );
        if !latest.areas.is_empty() {
            f.text(
                Style::Body,
                &format!("Areas with a \"yes\": {}.", latest.areas.join(", ")),
            );
        }
        f.text(Style::Body, &latest.summary);
    }
    f.text(Style::Body, &report.checklist.change);

    f.heading(report.warning_signs.title);
    f.text(Style::Small, report.warning_signs.intro);
    for sign in report
        .warning_signs
        .gut
        .iter()
        .chain(report.warning_signs.skin)
    {
        f.bullet(Style::Small, sign);
    }

    if let Some(text) = &report.no_data_text {
        f.heading("This period");
        f.text(Style::Body, text);
    } else {
        skin(&mut f, report);
        symptoms(&mut f, report);
        habits(&mut f, report);
    }

    f.heading("Experiments");
    match report.experiments.none_text {
        Some(none) => f.text(Style::Body, none),
        None => {
            for e in &report.experiments.experiments {
                f.bullet(Style::Body, &format!("{}: {}", e.name, e.result));
            }
        }
    }

    if report.has_data {
        f.heading("Insights (from all the data, not only this period)");
        for insight in &report.insights {
            f.text(
                Style::Bold,
                &format!("{}: {}", insight.habit_name, insight.headline),
            );
            if !insight.summary.is_empty() {
                f.text_at(10.0, CONTENT_W, Style::Small, &insight.summary);
            }
        }
        f.text(Style::Small, report.insights_caveat);
    }

    if let Some(notes) = &report.notes {
        f.heading("Notes");
        if notes.is_empty() {
            f.text(Style::Body, "No notes in this period.");
        }
        for note in notes {
            f.bullet(Style::Small, &format!("{}: {}", note.day, note.note));
        }
    }

    if f.full {
        let last = f.pages.len() - 1;
        f.pages[last].push(Op::Text {
            x: MARGIN,
            y: FLOW_BOTTOM + 12.0,
            style: Style::Bold,
            text: DID_NOT_FIT.into(),
        });
    }
    Ok(f.pages)
}

fn skin(f: &mut Flow, report: &Report) {
    let skin = &report.skin;
    f.heading("Skin score");
    f.text(Style::Body, &skin.summary);
    f.gap(4.0);

    // The chart on the left, the weekly means beside it.
    let rows = skin.weekly.len() as f32;
    let row_h = Style::Small.line_height();
    let chart_h = (row_h * (rows + 1.0)).max(150.0);
    if f.room(chart_h + 24.0) {
        let top = f.y;
        let (x0, w) = (MARGIN + 22.0, 300.0);
        let (y0, h) = (top + 6.0, chart_h - 12.0);
        let days = (7 * report.weeks) as f32;
        let high = f32::from(skin.scale.high.max(1));
        let y_of = |score: f32| y0 + h - score / high * h;
        let x_of = |offset: f32| x0 + offset / days * w;
        let ops = f.ops();
        for step in 0..=skin.scale.high {
            let y = y_of(f32::from(step));
            ops.push(Op::Line {
                points: vec![(x0, y), (x0 + w, y)],
                width: 0.4,
                grey: 190,
            });
            ops.push(Op::Text {
                x: MARGIN,
                y: y + 2.5,
                style: Style::Small,
                text: step.to_string(),
            });
        }
        for point in &skin.points {
            let offset = point.day.days_since(report.start) as f32 + 0.5;
            ops.push(Op::Dot {
                x: x_of(offset),
                y: y_of(f32::from(point.skin)),
                r: 1.4,
                grey: 110,
            });
        }
        // The weekly means as one line, broken where a week has none.
        let mut run: Vec<(f32, f32)> = Vec::new();
        for (k, week) in skin.weekly.iter().enumerate() {
            match week.mean {
                Some(m) => run.push((x_of(7.0 * k as f32 + 3.5), y_of(m as f32))),
                None => flush_run(ops, &mut run),
            }
        }
        flush_run(ops, &mut run);
        ops.push(Op::Text {
            x: x0,
            y: y0 + h + 10.0,
            style: Style::Small,
            text: report.start.to_string(),
        });
        let end = report.end.to_string();
        ops.push(Op::Text {
            x: x0 + w - 40.0,
            y: y0 + h + 10.0,
            style: Style::Small,
            text: end,
        });
        ops.push(Op::Text {
            x: x0,
            y: y0 + h + 20.0,
            style: Style::Small,
            text: "Dots: daily scores. Line: weekly mean. 0 clear, 4 severe.".into(),
        });

        // The table of weekly means.
        let tx = MARGIN + 345.0;
        let mut y = top + Style::Small.size();
        for (x, text) in [(0.0, "Week from"), (72.0, "Mean"), (110.0, "Days")] {
            ops.push(Op::Text {
                x: tx + x,
                y,
                style: Style::Bold,
                text: text.into(),
            });
        }
        for week in &skin.weekly {
            y += row_h;
            for (x, text) in [
                (0.0, week.start.to_string()),
                (72.0, mean_text(week.mean)),
                (110.0, week.days.to_string()),
            ] {
                ops.push(Op::Text {
                    x: tx + x,
                    y,
                    style: Style::Small,
                    text,
                });
            }
        }
        f.y = top + chart_h + 24.0;
    }
    f.text(Style::Body, &skin.areas_text);
}

fn flush_run(ops: &mut Vec<Op>, run: &mut Vec<(f32, f32)>) {
    match run.len() {
        0 => {}
        1 => ops.push(Op::Dot {
            x: run[0].0,
            y: run[0].1,
            r: 2.2,
            grey: 0,
        }),
        _ => ops.push(Op::Line {
            points: run.clone(),
            width: 1.4,
            grey: 0,
        }),
    }
    run.clear();
}

fn symptoms(f: &mut Flow, report: &Report) {
    f.heading("Gut and wellbeing");
    for s in &report.symptoms {
        f.bullet(Style::Body, &s.summary);
    }
    f.gap(3.0);
    let row_h = Style::Small.line_height() + 1.0;
    // The summary and its bars stay on one page.
    if report.stool.days > 0 {
        f.room(Style::Body.line_height() * 2.0 + row_h * 7.0);
    }
    f.text(Style::Body, &report.stool.summary);
    if report.stool.days == 0 || !f.room(row_h * 7.0) {
        return;
    }
    for t in &report.stool.types {
        let y = f.y;
        let bar_w = 150.0 * t.percent as f32 / 100.0;
        let ops = f.ops();
        ops.push(Op::Text {
            x: MARGIN + 14.0,
            y: y + Style::Small.size(),
            style: Style::Small,
            text: format!("Type {} ({})", t.bristol_type, t.label.to_lowercase()),
        });
        if bar_w > 0.0 {
            ops.push(Op::Rect {
                x: MARGIN + 150.0,
                y: y + 1.5,
                w: bar_w,
                h: Style::Small.size(),
                grey: 90,
            });
        }
        ops.push(Op::Text {
            x: MARGIN + 306.0,
            y: y + Style::Small.size(),
            style: Style::Small,
            text: format!("{} days ({}%)", t.days, t.percent),
        });
        f.y += row_h;
    }
}

fn habits(f: &mut Flow, report: &Report) {
    f.heading("Habits: share of due days done");
    f.row(&[
        (0.0, Style::Bold, "Habit"),
        (150.0, Style::Bold, "Whole period"),
        (266.0, Style::Bold, "First half"),
        (382.0, Style::Bold, "Second half"),
    ]);
    for h in &report.habits {
        f.row(&[
            (0.0, Style::Bold, &h.name),
            (150.0, Style::Body, &h.period.text),
            (266.0, Style::Body, &h.first_half.text),
            (382.0, Style::Body, &h.second_half.text),
        ]);
        f.text_at(8.0, CONTENT_W, Style::Small, &h.what);
    }
    f.text(
        Style::Small,
        "A day is due from the first day anything was recorded; a count habit is done on the \
         days it reached its target.",
    );
}

fn draw(report: &Report, pages: &[Vec<Op>]) -> Result<Drawn> {
    let font = Font::new(REGULAR.into(), 0)
        .ok_or_else(|| Error::invalid("The report's font could not be loaded."))?;
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| Error::invalid("The report's page size is not valid."))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} ({})", report.title, report.period_text))
            .creator(format!("GutSkin {}", report.app_version))
            .language("en".into()),
    );
    let total = pages.len();
    for (index, ops) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let footer = Op::Text {
            x: MARGIN,
            y: PAGE_H - MARGIN + 8.0,
            style: Style::Small,
            text: format!(
                "{} · {} · GutSkin {} · page {} of {total}",
                report.title,
                report.period_text,
                report.app_version,
                index + 1
            ),
        };
        for op in ops.iter().chain(std::iter::once(&footer)) {
            match op {
                Op::Text { x, y, style, text } => {
                    surface.set_fill(Some(Fill::default()));
                    surface.set_stroke(style.stroke().map(|width| Stroke {
                        width,
                        ..Stroke::default()
                    }));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font.clone(),
                        style.size(),
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Line {
                    points,
                    width,
                    grey,
                } => {
                    let mut pb = PathBuilder::new();
                    for (i, &(x, y)) in points.iter().enumerate() {
                        if i == 0 {
                            pb.move_to(x, y);
                        } else {
                            pb.line_to(x, y);
                        }
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: luma::Color::new(*grey).into(),
                            width: *width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Dot { x, y, r, grey } => {
                    if let Some(path) = circle(*x, *y, *r) {
                        fill(&mut surface, *grey, &path);
                    }
                }
                Op::Rect { x, y, w, h, grey } => {
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) {
                        pb.push_rect(rect);
                    }
                    if let Some(path) = pb.finish() {
                        fill(&mut surface, *grey, &path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    let bytes = document
        .finish()
        .map_err(|e| Error::invalid(format!("The PDF could not be made: {e:?}")))?;
    Ok(Drawn {
        bytes,
        pages: total,
    })
}

fn fill(surface: &mut krilla::surface::Surface<'_>, grey: u8, path: &Path) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: luma::Color::new(grey).into(),
        ..Fill::default()
    }));
    surface.draw_path(path);
}

/// A circle as four Bézier quarters.
fn circle(x: f32, y: f32, r: f32) -> Option<Path> {
    let k = 0.552_284_8 * r;
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
    pb.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
    pb.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
    pb.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
    pb.close();
    pb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_line_and_keeps_every_word() {
        let measure = Measure::new().unwrap();
        let text = "word ".repeat(60);
        let lines = measure.wrap(&text, Style::Body, 200.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| measure.width(l, Style::Body) <= 200.0));
        assert_eq!(lines.join(" ").split(' ').count(), 60);
        let long = "x".repeat(200);
        let broken = measure.wrap(&long, Style::Body, 100.0);
        assert!(broken.len() > 1);
        assert_eq!(broken.concat(), long);
    }

    #[test]
    fn the_flow_stops_at_the_last_page() {
        let mut f = Flow::new(Measure::new().unwrap());
        for _ in 0..1000 {
            f.text(Style::Body, "a line");
        }
        assert_eq!(f.pages.len(), MAX_PAGES);
        assert!(f.full);
    }
}
