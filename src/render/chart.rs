//! Bar charts of a counter by year, written as inline SVG at build time: no
//! chart library and no script. Each chart has a `<title>` and `<desc>` for
//! screen readers, and its numbers are also in the table next to it.

use std::fmt::Write as _;

use crate::markdown::escape_attr;
use crate::markdown::escape_text;
use crate::number::Decimal;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 28.0;
const SIDE: f64 = 12.0;
/// A bar never gets wider than this, so two years do not make two slabs.
const MAX_BAR: f64 = 72.0;

/// One bar: a year and its value, with the value already formatted.
pub(crate) struct Bar {
    pub(crate) year: i32,
    pub(crate) value: Decimal,
    pub(crate) label: String,
}

/// Hashed as it is drawn: the value as the chart scales it.
impl std::hash::Hash for Bar {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.year.hash(state);
        self.value.to_f64().to_bits().hash(state);
        self.label.hash(state);
    }
}

/// A chart as part of a page's input: hashed as what it is drawn from,
/// serialised as its SVG, so that `kheo serve` draws only the charts of
/// the pages it renders again, not those of every team and region page it
/// keeps.
#[derive(Hash)]
pub(crate) struct Chart {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) bars: Vec<Bar>,
}

impl Chart {
    pub(crate) fn svg(&self) -> String {
        bar_chart(&self.id, &self.title, &self.description, &self.bars)
    }
}

impl serde::Serialize for Chart {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.svg())
    }
}

/// An SVG bar chart. `id` must be unique in the page (it names the title).
pub(crate) fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let id = escape_attr(id);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape_text(title),
        escape_text(description)
    );
    let base = HEIGHT - BOTTOM;
    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"{SIDE}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/>",
        WIDTH - SIDE
    );
    if !bars.is_empty() {
        let max = bars
            .iter()
            .map(|b| b.value.to_f64())
            .fold(0.0_f64, f64::max);
        let slot = (WIDTH - 2.0 * SIDE) / bars.len() as f64;
        let bar_width = (slot * 0.6).min(MAX_BAR);
        for (i, b) in bars.iter().enumerate() {
            let v = b.value.to_f64();
            // All-zero charts draw no bars, only the labels: nothing to scale to.
            let h = if max > 0.0 {
                (v / max) * (base - TOP)
            } else {
                0.0
            };
            let cx = SIDE + slot * (i as f64 + 0.5);
            let x = cx - bar_width / 2.0;
            let y = base - h;
            let (x, y, w, h, cx) = (
                Tenths(x),
                Tenths(y),
                Tenths(bar_width),
                Tenths(h),
                Tenths(cx),
            );
            let _ = write!(
                svg,
                "<rect class=\"chart-bar\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/><text class=\"chart-value\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text><text class=\"chart-year\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                Tenths((y.0 - 6.0).max(12.0)),
                escape_text(&b.label),
                Tenths(HEIGHT - 8.0),
                b.year
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A coordinate written with one decimal (`12.5`). Integer arithmetic: a
/// region page draws dozens of charts, and float formatting showed up in
/// profiles.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = (self.0 * 10.0).round() as i64;
        let sign = if t < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", (t / 10).abs(), (t % 10).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;
    use quick_xml::events::Event;

    #[test]
    fn a_chart_serialises_as_its_svg_and_hashes_what_it_is_drawn_from() {
        use crate::render::memo::Fingerprint;
        let chart = |values: &[&str]| Chart {
            id: "c".into(),
            title: "T".into(),
            description: "D".into(),
            bars: bars(values),
        };
        let a = chart(&["1", "2"]);
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::Value::String(bar_chart("c", "T", "D", &bars(&["1", "2"])))
        );
        let print = |c: &Chart| Fingerprint::new().add_hash(c).finish();
        assert_eq!(print(&a), print(&chart(&["1", "2"])));
        assert_ne!(print(&a), print(&chart(&["1", "3"])));
        let mut other_title = chart(&["1", "2"]);
        other_title.title = "U".into();
        assert_ne!(print(&a), print(&other_title));
    }

    fn bars(values: &[&str]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Bar {
                year: 2016 + i as i32,
                value: Decimal::parse(v).unwrap(),
                label: v.to_string(),
            })
            .collect()
    }

    /// Heights of the bars, checking the SVG is well-formed XML on the way.
    fn heights(svg: &str) -> Vec<f64> {
        let mut r = Reader::from_str(svg);
        let mut out = Vec::new();
        loop {
            match r.read_event().expect("well-formed SVG") {
                Event::Empty(e) if e.name().as_ref() == b"rect" => {
                    let h = e
                        .attributes()
                        .map(|a| a.unwrap())
                        .find(|a| a.key.as_ref() == b"height")
                        .unwrap();
                    out.push(
                        String::from_utf8(h.value.to_vec())
                            .unwrap()
                            .parse()
                            .unwrap(),
                    );
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn coordinates_have_one_decimal() {
        let cases = [
            (0.0, "0.0"),
            (12.0, "12.0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (-0.4, "-0.4"),
            (-3.25, "-3.3"),
            (640.0, "640.0"),
        ];
        for (v, text) in cases {
            assert_eq!(Tenths(v).to_string(), text);
        }
    }

    #[test]
    fn zero_one_and_many_years() {
        assert!(heights(&bar_chart("a", "T", "D", &[])).is_empty());
        assert_eq!(heights(&bar_chart("a", "T", "D", &bars(&["2.8"]))), [164.0]);
        let many = heights(&bar_chart("a", "T", "D", &bars(&["1", "2", "4", "0"])));
        assert_eq!(
            many,
            [41.0, 82.0, 164.0, 0.0],
            "scaled to the largest value"
        );
    }

    #[test]
    fn all_zero_values_do_not_divide_by_zero() {
        assert_eq!(
            heights(&bar_chart("a", "T", "D", &bars(&["0", "0"]))),
            [0.0, 0.0]
        );
    }

    #[test]
    fn text_is_escaped_and_the_chart_is_labelled() {
        let svg = bar_chart("c<1>", "Đường <km>", "a & b", &bars(&["1"]));
        assert!(
            svg.contains("<title id=\"c&lt;1&gt;-t\">Đường &lt;km&gt;</title>"),
            "{svg}"
        );
        assert!(svg.contains("aria-labelledby=\"c&lt;1&gt;-t c&lt;1&gt;-d\""));
        heights(&svg);
    }

    #[test]
    fn many_bars_stay_inside_the_view() {
        let values: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let svg = bar_chart("a", "T", "D", &bars(&refs));
        assert_eq!(heights(&svg).len(), 40);
        assert!(
            heights(&svg)
                .iter()
                .all(|h| *h <= HEIGHT - TOP - BOTTOM + 0.01)
        );
    }
}
