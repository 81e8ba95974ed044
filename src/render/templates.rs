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

/// Compiled templates plus what is needed to report their errors.
pub struct Templates {
    tera: Tera,
    /// Template name -> (origin path, text), for error locations.
    sources: HashMap<String, (String, String)>,
}

impl Templates {
    /// Compiles every template; all syntax errors are returned together.
    pub fn new(
        sources: &[TemplateSource],
        locales: &[Locale],
        timezone: &jiff::tz::TimeZone,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        register_filters(&mut tera, locales, timezone);
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
                register_filters(&mut single, locales, timezone);
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

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders a template; errors name the template file and line.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| to_diagnostic(&e, &self.sources))
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
                format!("template error: {}", r.message()),
            )
            .with_source(&text)
        }
        None => {
            let message = e.to_string();
            // Errors without a span still name the template when Tera does.
            let origin = sources
                .iter()
                .find(|(name, _)| message.contains(&format!("'{name}'")))
                .map_or_else(|| "themes/".to_owned(), |(_, (origin, _))| origin.clone());
            Diagnostic::error(origin, 1, 1, format!("template error: {message}"))
        }
    }
}

/// Filters for themes, all language-aware through the `lang` variable:
/// `num(decimals=)` formats numbers (vi `1.497`, en `1,497`) and
/// `date(format=)` formats an ISO date with the locale's names
/// (`{weekday}`, `{day}`, `{dd}`, `{month}`, `{mm}`, `{yyyy}`, `{HH}`, `{MM}`).
fn register_filters(tera: &mut Tera, locales: &[Locale], timezone: &jiff::tz::TimeZone) {
    let locales: Arc<Vec<Locale>> = Arc::new(locales.to_vec());
    let for_num = Arc::clone(&locales);
    tera.register_filter(
        "num",
        move |value: Value, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let locale = current_locale(&for_num, state)?;
            let decimals = kwargs.get::<i64>("decimals")?.unwrap_or(0).clamp(0, 12) as u32;
            let n = if let Some(i) = value.as_i128() {
                Decimal::from_int(i)
            } else if let Some(f) = value.as_f64() {
                Decimal::from_f64(f)
                    .ok_or_else(|| tera::Error::message("`num` needs a finite number"))?
            } else if let Some(s) = value.as_str() {
                Decimal::parse(s).ok_or_else(|| {
                    tera::Error::message(format!("`num` needs a number, not `{s}`"))
                })?
            } else {
                return Err(tera::Error::message("`num` needs a number"));
            };
            Ok(locale.number(n, decimals))
        },
    );
    let tz = timezone.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let locale = current_locale(&locales, state)?;
            let pattern = kwargs
                .get::<&str>("format")?
                .unwrap_or(&locale.date_short)
                .to_owned();
            let ts: jiff::Timestamp = value.parse().map_err(|_| {
                tera::Error::message(format!(
                    "`date` needs an ISO date such as page.date.iso, not `{value}`"
                ))
            })?;
            Ok(locale.format_date(&ts.to_zoned(tz.clone()), &pattern))
        },
    );
}

fn current_locale<'a>(locales: &'a [Locale], state: &State) -> tera::TeraResult<&'a Locale> {
    let lang: Option<String> = state.get("lang")?;
    let lang = lang.unwrap_or_default();
    locales
        .iter()
        .find(|l| l.code == lang)
        .or_else(|| locales.first())
        .ok_or_else(|| tera::Error::message("no language"))
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

    fn locales() -> Vec<Locale> {
        let mut vi = Locale::blank("vi");
        vi.number = crate::number::NumberStyle {
            decimal: ",".into(),
            group: ".".into(),
        };
        vec![vi, Locale::blank("en")]
    }

    fn tz() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap()
    }

    #[test]
    fn syntax_errors_name_every_broken_template() {
        let err = Templates::new(
            &[
                source("a.html", "ok\n{% if %}"),
                source("b.html", "{{ x"),
                source("c.html", "fine"),
            ],
            &locales(),
            &tz(),
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
            &locales(),
            &tz(),
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
    fn number_and_date_filters_follow_the_language() {
        let t = Templates::new(&[source("n.html", "{{ 1497 | num }} {{ 200.47 | num(decimals=2) }} {{ d | date(format=\"{dd}/{mm}/{yyyy} {HH}:{MM}\") }}")], &locales(), &tz()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "vi");
        ctx.insert("d", "2024-08-16T03:03:00Z");
        assert_eq!(
            t.render("n.html", &ctx).unwrap(),
            "1.497 200,47 16/08/2024 10:03"
        );
        ctx.insert("lang", "en");
        assert!(
            t.render("n.html", &ctx)
                .unwrap()
                .starts_with("1,497 200.47")
        );
    }
}
