//! The one escaping writer for bulk read-only markup (diagram rows, panel tables).
//!
//! Tags and attribute names are `&'static str` constants of the code that writes
//! them; every text and attribute value goes through [`Html::text`] or
//! [`Html::attr`], which escape it, so names from an imported scenario (which
//! anyone can write) never become markup. Numbers go through [`Html::num`].

use std::fmt::{Display, Write as _};

/// A number written as an attribute value (never needs escaping).
pub trait Number: Display + Copy {}
impl Number for usize {}
impl Number for u32 {}
impl Number for u64 {}
impl Number for i32 {}
impl Number for i64 {}
impl Number for f64 {}

/// Markup being written.
#[derive(Debug, Default)]
pub struct Html(String);

/// `s` with `&`, `<`, `>` and both quotes escaped, for the few places that build
/// markup with `format!` (prefer [`Html`]).
pub fn esc(s: &str) -> String {
    let mut h = Html::with_capacity(s.len());
    h.text(s);
    h.0
}

impl Html {
    /// An empty writer.
    pub fn new() -> Html {
        Html::with_capacity(1024)
    }

    /// An empty writer with room for `n` bytes.
    pub fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }

    /// Text content, escaped.
    pub fn text(&mut self, s: &str) {
        for ch in s.chars() {
            match ch {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
    }

    /// Trusted markup: constants of the calling code only (an icon, `<br>`).
    pub fn raw(&mut self, markup: &'static str) {
        self.0.push_str(markup);
    }

    /// `<tag` (then [`Html::attr`]s, then [`Html::end`] or [`Html::end_empty`]).
    pub fn start(&mut self, tag: &'static str) {
        self.0.push('<');
        self.0.push_str(tag);
    }

    /// ` name="value"`, the value escaped.
    pub fn attr(&mut self, name: &'static str, value: &str) {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        self.text(value);
        self.0.push('"');
    }

    /// ` name="number"`.
    pub fn num(&mut self, name: &'static str, value: impl Number) {
        let _ = write!(self.0, " {name}=\"{value}\"");
    }

    /// Ends an opening tag: `>`.
    pub fn end(&mut self) {
        self.0.push('>');
    }

    /// Ends an element without content: `/>` (SVG).
    pub fn end_empty(&mut self) {
        self.0.push_str("/>");
    }

    /// `<tag a="v" …>`; attributes whose value is `None` or empty are left out.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)]) {
        self.start(tag);
        for (name, value) in attrs {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                self.attr(name, v);
            }
        }
        self.end();
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
    }

    /// `<tag class="…">text</tag>`.
    pub fn el(&mut self, tag: &'static str, class: &str, text: &str) {
        self.open(tag, &[("class", Some(class))]);
        self.text(text);
        self.close(tag);
    }

    /// The markup written so far.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup.
    pub fn finish(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped() {
        let mut h = Html::new();
        h.el("p", "x", "<script>alert('x')</script> & \"more\"");
        assert_eq!(
            h.finish(),
            "<p class=\"x\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</p>"
        );
    }

    #[test]
    fn hostile_attribute_values_cannot_end_the_attribute() {
        let mut h = Html::new();
        h.open(
            "span",
            &[
                ("title", Some("\" onmouseover=\"alert(1)")),
                ("data-x", Some("a'b")),
            ],
        );
        h.close("span");
        let m = h.finish();
        assert_eq!(
            m,
            "<span title=\"&quot; onmouseover=&quot;alert(1)\" data-x=\"a&#39;b\"></span>"
        );
        assert_eq!(
            m.matches('"').count(),
            4,
            "only the writer's own quotes: {m}"
        );
    }

    #[test]
    fn empty_and_missing_attributes_are_left_out() {
        let mut h = Html::new();
        h.open(
            "td",
            &[("class", Some("")), ("scope", None), ("id", Some("a"))],
        );
        assert_eq!(h.as_str(), "<td id=\"a\">");
    }

    #[test]
    fn numbers_and_svg_elements() {
        let mut h = Html::new();
        h.start("line");
        h.num("x1", 3usize);
        h.num("y1", 2.5f64);
        h.attr("class", "a&b");
        h.end_empty();
        assert_eq!(h.finish(), "<line x1=\"3\" y1=\"2.5\" class=\"a&amp;b\"/>");
    }

    #[test]
    fn esc_escapes_everything_that_matters() {
        assert_eq!(esc("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
        assert_eq!(esc("plain text"), "plain text");
    }
}
