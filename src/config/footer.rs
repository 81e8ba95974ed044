//! `footer:`: who publishes the site, as every provincial portal states at
//! the foot of its pages — the responsible body, its address, phone and
//! email, the person responsible for the content, and a licence line.

use serde::Deserialize;

use super::Checker;
use crate::yaml::{Localized, Scalar, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFooter {
    #[serde(default)]
    agency: Option<Spanned<Localized>>,
    #[serde(default)]
    address: Option<Spanned<Localized>>,
    #[serde(default)]
    phone: Option<Spanned<Scalar>>,
    #[serde(default)]
    email: Option<Spanned<String>>,
    #[serde(default)]
    responsible: Option<Spanned<Localized>>,
    #[serde(default)]
    license: Option<Spanned<Localized>>,
}

/// The legal footer (`footer:`); every part is optional.
#[derive(Debug, Clone, Default)]
pub struct Footer {
    /// The body responsible for the site (cơ quan chủ quản).
    pub agency: Option<Localized>,
    pub(crate) address: Option<Localized>,
    pub phone: Option<String>,
    pub(crate) email: Option<String>,
    /// The person responsible for the content (người chịu trách nhiệm nội dung).
    pub responsible: Option<Localized>,
    /// The licence line, e.g. the terms for republishing.
    pub license: Option<Localized>,
}

impl Footer {
    /// The number to dial: `tel:` takes digits and a leading `+` only.
    pub(crate) fn phone_link(&self) -> Option<String> {
        let phone = self.phone.as_deref()?;
        let digits: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        (!digits.is_empty()).then(|| format!("tel:{digits}"))
    }
}

/// The footer as written; a wrong phone or email is an error at its line.
pub(super) fn footer(raw: Option<RawFooter>, chk: &mut Checker) -> Footer {
    let Some(f) = raw else {
        return Footer::default();
    };
    let text = |value: Option<Spanned<Localized>>, what: &str, chk: &mut Checker| {
        let v = value?;
        chk.localized(&v.value, what, None);
        Some(v.value)
    };
    let agency = text(f.agency, "`footer.agency`", chk);
    let address = text(f.address, "`footer.address`", chk);
    let responsible = text(f.responsible, "`footer.responsible`", chk);
    let license = text(f.license, "`footer.license`", chk);
    let phone = f.phone.and_then(|p| {
        // As written: YAML would read `02203852123` as a number without its 0.
        let written = match &p.value {
            Scalar::Text(t) => t.trim().to_owned(),
            _ => chk.src.raw_text(&p).unwrap_or_default().trim().to_owned(),
        };
        let digits = written.chars().filter(char::is_ascii_digit).count();
        let allowed = written
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
        if allowed && digits >= 3 {
            Some(written)
        } else {
            chk.error(&p, crate::msg!("config.phone", written = written));
            None
        }
    });
    let email = f.email.and_then(|e| {
        let v = e.value.trim();
        let well_formed = v.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.')
        }) && !v.contains(|c: char| c.is_whitespace() || "<>\"',;".contains(c));
        if well_formed {
            Some(v.to_owned())
        } else {
            chk.error(&e, crate::msg!("config.email", written = e.value));
            None
        }
    });
    Footer {
        agency,
        address,
        phone,
        email,
        responsible,
        license,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MINIMAL, errors, ok};
    use crate::yaml::Localized;

    #[test]
    fn the_legal_footer_is_read_in_every_language() {
        let c = ok(&format!(
            "{MINIMAL}footer:\n  agency: {{vi: Ban Tuyên giáo và Dân vận Tỉnh ủy, en: Provincial Commission}}\n  address: Số 1 Trần Hưng Đạo\n  phone: 0220 3852 123\n  email: bantuyengiao@haiduong.gov.vn\n  responsible: {{vi: Trưởng ban Nguyễn Văn A, en: Head Nguyen Van A}}\n  license: {{vi: Ghi rõ nguồn khi đăng lại, en: Credit us when you republish}}\n"
        ));
        let f = &c.footer;
        assert_eq!(
            f.agency.as_ref().unwrap().get("en", "vi"),
            Some("Provincial Commission")
        );
        assert!(matches!(&f.address, Some(Localized::Same(a)) if a == "Số 1 Trần Hưng Đạo"));
        assert_eq!(f.phone.as_deref(), Some("0220 3852 123"));
        assert_eq!(f.phone_link().as_deref(), Some("tel:02203852123"));
        assert_eq!(f.email.as_deref(), Some("bantuyengiao@haiduong.gov.vn"));
        assert!(f.responsible.is_some() && f.license.is_some());
        let none = ok(MINIMAL).footer;
        assert!(none.agency.is_none() && none.phone.is_none() && none.email.is_none());
        // A number YAML would read without its leading 0 keeps it.
        let c = ok(&format!("{MINIMAL}footer:\n  phone: 02203852123\n"));
        assert_eq!(c.footer.phone.as_deref(), Some("02203852123"));
    }

    #[test]
    fn a_wrong_phone_email_or_language_is_an_error_at_its_line() {
        let e = errors(&format!(
            "{MINIMAL}footer:\n  phone: gọi ban\n  email: ban at haiduong\n  agency: {{fr: X}}\n"
        ));
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [5, 6, 7], "{e:#?}");
        assert!(e[0].message.contains("not a phone number"));
        assert!(e[1].message.contains("not an email address"));
    }
}
