//! The one escaping writer for bulk read-only markup (diagram rows, panel tables).
//!
//! Tags and attribute names are `&'static str` constants of the code that writes
//! them; every text and attribute value goes through [`Html::text`] or
//! [`Html::attr`], which escape it, so names from an imported scenario (which
//! anyone can write) never become markup. Numbers go through [`Html::num`].

use std::fmt::{Display, Write as _};

/// A number written as an attribute value (never needs escaping).
pub trait Number: Copy {
    /// Appends the number's digits to `out`.
    fn put(self, out: &mut String);
}

macro_rules! int_number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn put(self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
int_number!(usize, u32, u64, i32, i64);

impl Number for f64 {
    fn put(self, out: &mut String) {
        let _ = write!(out, "{}", Px(self));
    }
}

/// A length in px, written with at most one decimal and without the float
/// formatting machinery (which would weigh on the bundle): `12`, `12.5`, `-3`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Px(pub f64);

impl Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = if self.0.is_finite() {
            (self.0 * 10.0).round() as i64
        } else {
            0
        };
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        if t % 10 == 0 {
            write!(f, "{sign}{}", t / 10)
        } else {
            write!(f, "{sign}{}.{}", t / 10, t % 10)
        }
    }
}

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
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        value.put(&mut self.0);
        self.0.push('"');
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
    fn lengths_are_written_with_one_decimal_at_most() {
        let all: Vec<String> = [0.0, 12.0, 12.5, 12.04, -3.0, -0.5, 1e9, f64::NAN]
            .into_iter()
            .map(|v| Px(v).to_string())
            .collect();
        assert_eq!(
            all,
            ["0", "12", "12.5", "12", "-3", "-0.5", "1000000000", "0"]
        );
    }

    #[test]
    fn esc_escapes_everything_that_matters() {
        assert_eq!(esc("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
        assert_eq!(esc("plain text"), "plain text");
    }
}
