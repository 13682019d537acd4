//! The few shapes every state panel is made of (a line of facts, a table, a log of
//! cells, a list of items, readers side by side), as plain data, and the one
//! renderer for them.
//!
//! The panels describe what they show with these; only this file writes markup.
//! The panels are read-only, so their markup is written as one string per panel
//! (the frame around it stays a Leptos view): one small writer instead of a typed
//! view per shape keeps the wasm bundle small. Every text and attribute value goes
//! through the writer of `crate::render::markup`, which escapes it, so names from an imported scenario can never
//! become markup.

use crate::render::icons::{svg, Icon};
use crate::render::markup::Html;

/// An inline piece of text: a class, an optional tooltip, an icon before it (hidden
/// from screen readers; the text or `sr` says the same in words).
#[derive(Clone, Debug, Default)]
pub(super) struct Span {
    /// The text.
    pub text: String,
    /// Its classes.
    pub class: &'static str,
    /// Tooltip.
    pub title: Option<String>,
    /// A glyph shown before the text.
    pub glyph: Option<&'static str>,
    /// An SVG icon shown before the text.
    pub icon: Option<Icon>,
    /// Words for screen readers only.
    pub sr: Option<String>,
    /// `data-testid`.
    pub testid: Option<&'static str>,
    /// `data-offset`.
    pub offset: Option<u64>,
}

impl Span {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    /// Text with classes.
    pub fn with(class: &'static str, text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            class,
            ..Span::default()
        }
    }

    /// Adds a tooltip.
    pub fn titled(mut self, title: impl Into<String>) -> Span {
        self.title = Some(title.into());
        self
    }

    /// The duplicate icon alone, its meaning for screen readers and as a tooltip.
    pub fn dup_icon(what: impl Into<String>) -> Span {
        let what = what.into();
        Span {
            class: "pn-dup-mark",
            title: Some(what.clone()),
            glyph: Some("⧉"),
            sr: Some(what),
            ..Span::default()
        }
    }

    /// The duplicate mark of a row: icon and word.
    pub fn dup_badge(title: impl Into<String>) -> Span {
        Span {
            text: " duplicate".into(),
            class: "pn-dup-mark pn-badge",
            title: Some(title.into()),
            glyph: Some("⧉"),
            ..Span::default()
        }
    }

    /// A state with its icon and word (`✓ committed`), styled by the word.
    pub fn state(icon: &'static str, word: &'static str) -> Span {
        let class = match word {
            "committed" => "pn-state pn-committed",
            "aborted" => "pn-state pn-aborted",
            _ => "pn-state",
        };
        Span::with(class, format!("{icon} {word}"))
    }
}

/// One cell of a table.
#[derive(Clone, Debug, Default)]
pub(super) struct Cell {
    /// Its content.
    pub spans: Vec<Span>,
    /// A row header (`<th scope="row">`).
    pub header: bool,
    /// Its classes (`pn-num` for a number).
    pub class: &'static str,
}

impl Cell {
    /// A row header.
    pub fn key(spans: Vec<Span>) -> Cell {
        Cell {
            spans,
            header: true,
            class: "pn-key",
        }
    }

    /// A cell of text.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::text(text)],
            ..Cell::default()
        }
    }

    /// A number, right-aligned.
    pub fn num(n: impl ToString) -> Cell {
        Cell {
            spans: vec![Span::text(n.to_string())],
            class: "pn-num",
            ..Cell::default()
        }
    }

    /// A cell of spans.
    pub fn spans(spans: Vec<Span>) -> Cell {
        Cell {
            spans,
            ..Cell::default()
        }
    }
}

/// One row of a table.
#[derive(Clone, Debug, Default)]
pub(super) struct Row {
    /// Its cells.
    pub cells: Vec<Cell>,
    /// It holds something counted more than once (`data-duplicate`, highlighted).
    pub duplicate: bool,
    /// It is stale (greyed).
    pub faded: bool,
    /// `data-key`.
    pub key: Option<String>,
}

/// A table with a header row; a column is a name and whether it holds numbers.
#[derive(Clone, Debug, Default)]
pub(super) struct Table {
    /// Columns.
    pub head: Vec<(&'static str, bool)>,
    /// Rows.
    pub rows: Vec<Row>,
    /// `data-testid`.
    pub testid: Option<&'static str>,
}

/// One cell of a log: markers above, offset, content, a tag below.
#[derive(Clone, Debug, Default)]
pub(super) struct LogCell {
    /// Classes (`pn-cell …`).
    pub class: String,
    /// `data-offset`.
    pub offset: u64,
    /// Tooltip.
    pub title: String,
    /// Markers above the cell (▸, ⚑, LSO).
    pub marks: Vec<Span>,
    /// The offset line (may be empty).
    pub off: String,
    /// The content.
    pub text: String,
    /// Below the content (transaction, outbox id, duplicate icon).
    pub tag: Vec<Span>,
}

/// A log drawn as a row of cells.
#[derive(Clone, Debug, Default)]
pub(super) struct Log {
    /// `data-testid` of the whole log.
    pub testid: Option<String>,
    /// A line above the cells.
    pub head: Option<String>,
    /// The list's accessible name.
    pub label: String,
    /// The cells.
    pub cells: Vec<LogCell>,
}

/// An item of a list: a line of spans and an optional muted second line.
#[derive(Clone, Debug, Default)]
pub(super) struct Item {
    /// The first line.
    pub line: Vec<Span>,
    /// The second line.
    pub detail: Option<String>,
    /// Classes (`pn-dup`, `pn-pending`).
    pub class: &'static str,
    /// `data-state`.
    pub state: Option<&'static str>,
}

/// A list of items.
#[derive(Clone, Debug, Default)]
pub(super) struct List {
    /// The items.
    pub items: Vec<Item>,
    /// Classes of the list (`pn-list`, `pn-txns`).
    pub class: &'static str,
    /// What to say when there are no items.
    pub empty: &'static str,
}

/// A line of "label value" facts, optionally under a title (a zombie instance).
#[derive(Clone, Debug, Default)]
pub(super) struct Facts {
    /// A title line.
    pub title: Option<Vec<Span>>,
    /// The facts.
    pub facts: Vec<(&'static str, String)>,
    /// Classes of the group (`pn-zombie`).
    pub class: &'static str,
    /// `data-testid`.
    pub testid: Option<&'static str>,
}

/// One reader's view, for readers side by side.
#[derive(Clone, Debug, Default)]
pub(super) struct Column {
    /// `data-reader`.
    pub name: String,
    /// The title line.
    pub title: Vec<Span>,
    /// What it sees.
    pub list: List,
    /// Its total.
    pub total: String,
}

/// One block of a panel.
#[derive(Clone, Debug)]
pub(super) enum Block {
    /// A small heading line.
    Sub(Vec<Span>),
    /// A muted explanation of the marks.
    Legend(Vec<Span>),
    /// Nothing to show yet.
    Empty(&'static str),
    /// Label–value pairs.
    Facts(Facts),
    /// A table.
    Table(Table),
    /// A log of cells.
    Log(Log),
    /// A list.
    List(List),
    /// Readers side by side.
    Columns(Vec<Column>),
}

impl Block {
    /// A heading line of plain text.
    pub fn sub(text: impl Into<String>) -> Block {
        Block::Sub(vec![Span::text(text)])
    }
}

fn glyph_class(g: &str) -> &'static str {
    // ⧉ is missing from common Linux fonts: the stylesheet draws it.
    if g == "⧉" {
        "pn-glyph pn-glyph-dup"
    } else {
        "pn-glyph"
    }
}

/// The panels' shapes, written with the project's escaping writer.
impl Html {
    fn span(&mut self, s: &Span) {
        let offset = s.offset.map(|o| o.to_string());
        self.open(
            "span",
            &[
                ("class", Some(s.class)),
                ("title", s.title.as_deref()),
                ("data-testid", s.testid),
                ("data-offset", offset.as_deref()),
            ],
        );
        if let Some(g) = s.glyph {
            self.open(
                "span",
                &[
                    ("class", Some(glyph_class(g))),
                    ("aria-hidden", Some("true")),
                ],
            );
            self.text(g);
            self.close("span");
        }
        if let Some(i) = s.icon {
            self.raw(svg(i));
        }
        self.text(&s.text);
        if let Some(sr) = &s.sr {
            self.el("span", "pn-sr", sr);
        }
        self.close("span");
    }

    fn spans(&mut self, spans: &[Span]) {
        for s in spans {
            self.span(s);
        }
    }

    fn table(&mut self, t: &Table) {
        self.open(
            "table",
            &[("class", Some("pn-table")), ("data-testid", t.testid)],
        );
        self.raw("<thead><tr>");
        for (name, num) in &t.head {
            self.open(
                "th",
                &[("scope", Some("col")), ("class", num.then_some("pn-num"))],
            );
            self.text(name);
            self.close("th");
        }
        self.raw("</tr></thead><tbody>");
        for r in &t.rows {
            let class = match (r.duplicate, r.faded) {
                (true, _) => "pn-dup",
                (false, true) => "pn-faded",
                _ => "",
            };
            self.open(
                "tr",
                &[
                    ("class", Some(class)),
                    ("data-key", r.key.as_deref()),
                    (
                        "data-duplicate",
                        Some(if r.duplicate { "true" } else { "false" }),
                    ),
                ],
            );
            for c in &r.cells {
                let tag = if c.header { "th" } else { "td" };
                self.open(
                    tag,
                    &[
                        ("scope", c.header.then_some("row")),
                        ("class", Some(c.class)),
                    ],
                );
                self.spans(&c.spans);
                self.close(tag);
            }
            self.close("tr");
        }
        self.raw("</tbody></table>");
    }

    fn log(&mut self, l: &Log) {
        self.open(
            "div",
            &[
                ("class", Some("pn-log")),
                ("data-testid", l.testid.as_deref()),
            ],
        );
        if let Some(h) = &l.head {
            self.el("p", "pn-log-head", h);
        }
        self.open(
            "ol",
            &[("class", Some("pn-cells")), ("aria-label", Some(&l.label))],
        );
        for c in &l.cells {
            let offset = c.offset.to_string();
            self.open(
                "li",
                &[
                    ("class", Some(&c.class)),
                    ("data-offset", Some(&offset)),
                    ("title", Some(&c.title)),
                ],
            );
            self.open("span", &[("class", Some("pn-marks"))]);
            self.spans(&c.marks);
            self.close("span");
            self.el("span", "pn-off", &c.off);
            self.el("span", "pn-ev", &c.text);
            self.open("span", &[("class", Some("pn-tag"))]);
            self.spans(&c.tag);
            self.close("span");
            self.close("li");
        }
        self.raw("</ol></div>");
    }

    fn list(&mut self, l: &List) {
        self.open("ul", &[("class", Some(l.class))]);
        if l.items.is_empty() {
            self.el("li", "pn-empty", l.empty);
        }
        for i in &l.items {
            self.open("li", &[("class", Some(i.class)), ("data-state", i.state)]);
            self.spans(&i.line);
            if let Some(d) = &i.detail {
                self.raw("<br>");
                self.el("span", "pn-detail", d);
            }
            self.close("li");
        }
        self.close("ul");
    }

    fn facts(&mut self, f: &Facts) {
        self.open(
            "div",
            &[("class", Some(f.class)), ("data-testid", f.testid)],
        );
        if let Some(t) = &f.title {
            self.open("p", &[("class", Some("pn-sub"))]);
            self.spans(t);
            self.close("p");
        }
        self.open("dl", &[("class", Some("pn-facts"))]);
        for (label, value) in &f.facts {
            self.raw("<div class=\"pn-fact\">");
            self.el("dt", "", label);
            self.el("dd", "", value);
            self.close("div");
        }
        self.raw("</dl></div>");
    }

    fn columns(&mut self, cols: &[Column]) {
        let class = if cols.len() > 1 {
            "pn-readers pn-two"
        } else {
            "pn-readers"
        };
        self.open("div", &[("class", Some(class))]);
        for c in cols {
            self.open(
                "div",
                &[("class", Some("pn-reader")), ("data-reader", Some(&c.name))],
            );
            self.open("p", &[("class", Some("pn-sub"))]);
            self.spans(&c.title);
            self.close("p");
            self.list(&c.list);
            self.el("p", "pn-total", &c.total);
            self.close("div");
        }
        self.close("div");
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Sub(s) | Block::Legend(s) => {
                let class = if matches!(b, Block::Sub(_)) {
                    "pn-sub"
                } else {
                    "pn-legend"
                };
                self.open("p", &[("class", Some(class))]);
                self.spans(s);
                self.close("p");
            }
            Block::Empty(s) => self.el("p", "pn-empty", s),
            Block::Facts(f) => self.facts(f),
            Block::Table(t) => self.table(t),
            Block::Log(l) => self.log(l),
            Block::List(l) => self.list(l),
            Block::Columns(c) => self.columns(c),
        }
    }
}

/// The markup of a panel's blocks.
pub(super) fn render(blocks: &[Block]) -> String {
    let mut h = Html::new();
    for b in blocks {
        h.block(b);
    }
    h.finish()
}
