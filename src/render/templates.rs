//! The Tera engine: the theme's templates compiled once, the filters every
//! template may use, and template errors turned into diagnostics that name
//! the template file and line.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::diag::Diagnostic;
use crate::load::theme::TemplateSource;
use crate::locale::Locale;
use crate::number::Decimal;

/// What the formatting filters need: every language's locale, the site's
/// time zone, and how each declared counter is written.
#[derive(Debug, Clone)]
pub(crate) struct Formats {
    pub(crate) locales: Vec<Locale>,
    pub(crate) timezone: jiff::tz::TimeZone,
    pub(crate) counters: Vec<CounterFormat>,
}

/// A declared counter's decimals and its unit in each language.
#[derive(Debug, Clone)]
pub(crate) struct CounterFormat {
    pub(crate) key: String,
    pub(crate) decimals: u32,
    /// Indexed like `Formats::locales`.
    pub(crate) units: Vec<String>,
}

impl Formats {
    /// The formats of a site's counters, as `CounterInfo` writes them on pages.
    pub(crate) fn of(site: &crate::model::Site) -> Formats {
        let config = &site.config;
        Formats {
            locales: site.theme.locales.clone(),
            timezone: config.timezone.clone(),
            counters: site
                .stats
                .counters
                .iter()
                .map(|c| CounterFormat {
                    key: c.key.clone(),
                    decimals: c.decimals,
                    units: site
                        .theme
                        .locales
                        .iter()
                        .map(|l| c.unit(config, l).to_owned())
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Compiled templates plus what is needed to report their errors.
pub(crate) struct Templates {
    tera: Tera,
    /// Template name -> (origin path, text), for error locations.
    sources: HashMap<String, (String, String)>,
}

impl Templates {
    /// Compiles every template; all syntax errors are returned together.
    pub(crate) fn new(
        sources: &[TemplateSource],
        formats: &Formats,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        let formats = Arc::new(formats.clone());
        register_filters(&mut tera, &formats);
        let map: HashMap<String, (String, String)> = sources
            .iter()
            .map(|t| (t.name.clone(), (t.origin.clone(), t.text.clone())))
            .collect();
        let list: Vec<(&str, &str)> = sources
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(list) {
            // Tera stops at the first broken template; try each alone to report them all.
            let mut diags = Vec::new();
            for t in sources {
                let mut single = Tera::default();
                register_filters(&mut single, &formats);
                if let Err(e) = single.add_raw_template(&t.name, &t.text)
                    && matches!(e.kind(), ErrorKind::SyntaxError(_))
                {
                    diags.push(to_diagnostic(&e, &map));
                }
            }
            if diags.is_empty() {
                diags.push(to_diagnostic(&e, &map));
            }
            return Err(diags);
        }
        Ok(Templates { tera, sources: map })
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders a template into bytes (the pages go straight to files, so
    /// there is no need to check them as a `String`); errors name the
    /// template file and line.
    pub(crate) fn render(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| to_diagnostic(&e, &self.sources))?;
        Ok(out)
    }
}

fn to_diagnostic(e: &tera::Error, sources: &HashMap<String, (String, String)>) -> Diagnostic {
    let report = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let (origin, text) = sources
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| (r.filename().to_owned(), String::new()));
            let span = r.span();
            Diagnostic::error(
                origin,
                span.start_line,
                span.start_col + 1,
                crate::msg!("template.error", error = r.message()),
            )
            .with_code("template")
            .with_source(&text)
        }
        None => {
            let message = e.to_string();
            // Errors without a span still name the template when Tera does.
            let origin = sources
                .iter()
                .find(|(name, _)| message.contains(&format!("'{name}'")))
                .map_or_else(|| "themes/".to_owned(), |(_, (origin, _))| origin.clone());
            Diagnostic::error(origin, 1, 1, crate::msg!("template.error", error = message))
                .with_code("template")
        }
    }
}

/// Filters for themes, all language-aware through the `lang` variable:
/// - `num(decimals=)`: a number (vi `1.497`, `200,47`; en `1,497`, `200.47`);
/// - `figure(counter=)`: a figure with its counter's decimals and unit (`2,8 km`);
/// - `money`: an amount of đồng (vi `2.000.000 đ`, en `VND 2,000,000`);
/// - `date(format=)`: an ISO date with the locale's names (`{weekday}`,
///   `{day}`, `{dd}`, `{month}`, `{mm}`, `{yyyy}`, `{HH}`, `{MM}`).
fn register_filters(tera: &mut Tera, formats: &Arc<Formats>) {
    let f = Arc::clone(formats);
    tera.register_filter(
        "num",
        move |value: Value, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let locale = current_locale(&f.locales, state)?;
            let decimals = kwargs.get::<i64>("decimals")?.unwrap_or(0).clamp(0, 12) as u32;
            Ok(locale.number(number("num", &value)?, decimals))
        },
    );
    let f = Arc::clone(formats);
    tera.register_filter(
        "figure",
        move |value: Value, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key = kwargs.must_get::<&str>("counter")?;
            let (lang, locale) = current(&f.locales, state)?;
            let counter = f.counters.iter().find(|c| c.key == key).ok_or_else(|| {
                tera::Error::message(crate::msg!("template.figure-counter", key = key))
            })?;
            let text = locale.number(number("figure", &value)?, counter.decimals);
            Ok(match counter.units.get(lang).map(String::as_str) {
                None | Some("") => text,
                Some(unit) => format!("{text} {unit}"),
            })
        },
    );
    let f = Arc::clone(formats);
    tera.register_filter(
        "money",
        move |value: Value, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            Ok(current_locale(&f.locales, state)?.currency(number("money", &value)?))
        },
    );
    let f = Arc::clone(formats);
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let locale = current_locale(&f.locales, state)?;
            let pattern = kwargs
                .get::<&str>("format")?
                .unwrap_or(&locale.date_short)
                .to_owned();
            let ts: jiff::Timestamp = value
                .parse()
                .map_err(|_| tera::Error::message(crate::msg!("template.date", value = value)))?;
            Ok(locale.format_date(&ts.to_zoned(f.timezone.clone()), &pattern))
        },
    );
}

/// An exact number from a template value (a number, or a number as text).
fn number(filter: &str, value: &Value) -> tera::TeraResult<Decimal> {
    if let Some(i) = value.as_i128() {
        Ok(Decimal::from_int(i))
    } else if let Some(f) = value.as_f64() {
        Decimal::from_f64(f)
            .ok_or_else(|| tera::Error::message(crate::msg!("template.finite", filter = filter)))
    } else if let Some(s) = value.as_str() {
        Decimal::parse(s).ok_or_else(|| {
            tera::Error::message(crate::msg!(
                "template.number-not",
                filter = filter,
                value = s
            ))
        })
    } else {
        Err(tera::Error::message(crate::msg!(
            "template.number",
            filter = filter
        )))
    }
}

fn current<'a>(locales: &'a [Locale], state: &State) -> tera::TeraResult<(usize, &'a Locale)> {
    let lang: Option<String> = state.get("lang")?;
    let lang = lang.unwrap_or_default();
    let i = locales.iter().position(|l| l.code == lang).unwrap_or(0);
    locales
        .get(i)
        .map(|l| (i, l))
        .ok_or_else(|| tera::Error::message("no language"))
}

fn current_locale<'a>(locales: &'a [Locale], state: &State) -> tera::TeraResult<&'a Locale> {
    current(locales, state).map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            text: text.into(),
            origin: format!("themes/x/templates/{name}"),
        }
    }

    fn formats() -> Formats {
        let mut vi = Locale::blank("vi");
        vi.number = crate::number::NumberStyle {
            decimal: ",".into(),
            group: ".".into(),
        };
        vi.currency = "{amount} đ".into();
        let mut en = Locale::blank("en");
        en.currency = "VND {amount}".into();
        Formats {
            locales: vec![vi, en],
            timezone: jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap(),
            counters: vec![CounterFormat {
                key: "land_converted_ha".into(),
                decimals: 2,
                units: vec!["ha".into(), "ha".into()],
            }],
        }
    }

    #[test]
    fn syntax_errors_name_every_broken_template() {
        let err = Templates::new(
            &[
                source("a.html", "ok\n{% if %}"),
                source("b.html", "{{ x"),
                source("c.html", "fine"),
            ],
            &formats(),
        )
        .err()
        .unwrap();
        assert_eq!(err.len(), 2);
        assert_eq!(err[0].file, "themes/x/templates/a.html");
        assert_eq!(err[0].line, 2);
        assert_eq!(err[1].file, "themes/x/templates/b.html");
    }

    #[test]
    fn rendering_errors_have_the_template_line() {
        let t = Templates::new(
            &[source("a.html", "line one\n{{ missing.thing }}")],
            &formats(),
        )
        .unwrap();
        let e = t.render("a.html", &Context::new()).unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line, e.column),
            ("themes/x/templates/a.html", 2, 4)
        );
        assert_eq!(e.source_line.as_deref(), Some("{{ missing.thing }}"));
    }

    #[test]
    fn formatting_filters_follow_the_language() {
        let t = Templates::new(
            &[source("n.html", "{{ 1497 | num }} {{ 200.47 | num(decimals=2) }} {{ 200.47 | figure(counter=\"land_converted_ha\") }} {{ 2000000 | money }} {{ d | date(format=\"{dd}/{mm}/{yyyy} {HH}:{MM}\") }}")],
            &formats(),
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "vi");
        ctx.insert("d", "2024-08-16T03:03:00Z");
        assert_eq!(
            t.render("n.html", &ctx).unwrap(),
            "1.497 200,47 200,47 ha 2.000.000 đ 16/08/2024 10:03".as_bytes()
        );
        ctx.insert("lang", "en");
        assert_eq!(
            t.render("n.html", &ctx).unwrap(),
            "1,497 200.47 200.47 ha VND 2,000,000 16/08/2024 10:03".as_bytes()
        );
    }

    #[test]
    fn an_unknown_counter_is_a_template_error() {
        let t = Templates::new(
            &[source("n.html", "{{ 1 | figure(counter=\"nope\") }}")],
            &formats(),
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "vi");
        assert!(
            t.render("n.html", &ctx)
                .unwrap_err()
                .message
                .contains("nope")
        );
    }

    #[test]
    fn template_errors_are_told_in_vietnamese() {
        let t = Templates::new(
            &[source("n.html", "{{ 1 | figure(counter=\"nope\") }}")],
            &formats(),
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "vi");
        let e = crate::messages::scoped(crate::messages::Lang::Vi, || {
            t.render("n.html", &ctx).unwrap_err()
        });
        assert!(e.message.starts_with("lỗi mẫu trang: "), "{}", e.message);
        assert!(
            e.message
                .contains("`figure` cần một chỉ tiêu đã khai trong site.yaml, không phải `nope`"),
            "{}",
            e.message
        );
    }
}
