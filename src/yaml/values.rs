//! The shapes of values editors write everywhere, read with the messages
//! editors understand: whole numbers and years written as numbers, yes/no
//! flags, [`Localized`] text, ordered [`Pairs`] and plain [`Scalar`]s.

use super::*;

/// A whole number written as a number: `page_size: 20`. YAML reads a number
/// in quotes (`"20"`) as text, so that is an error, as any text is (serde
/// would quietly read `"20"` as 20 into an `i64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Whole(pub i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Whole;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Whole, E> {
                i64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(crate::msg!("yaml.too-big", n = v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Whole, E> {
                i64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(crate::msg!("yaml.too-big", n = v)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Whole, E> {
                i64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(crate::msg!("yaml.too-big", n = v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Whole, E> {
                // 20.0 is 20; the range check keeps `as` exact.
                if v.fract() != 0.0 || !v.is_finite() {
                    Err(E::custom(crate::msg!(
                        "yaml.must-be-not",
                        subject = SUBJECT,
                        expected = crate::msg!("yaml.want.whole"),
                        found = v
                    )))
                } else if v.abs() < 9.0e15 {
                    Ok(Whole(v as i64))
                } else {
                    Err(E::custom(crate::msg!(
                        "yaml.subject-too-big",
                        subject = SUBJECT,
                        n = v
                    )))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Whole, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.whole"),
                    found = format!("`{v}`")
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Whole, E> {
                Err(E::custom(quoted_scalar(v, &crate::msg!("yaml.want.whole"))))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Whole, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.whole"),
                    found = crate::msg!("yaml.found.list")
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Whole, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.whole"),
                    found = crate::msg!("yaml.found.map")
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// A year as a key of figures (`2016: {roads_km: 2.8}`): a whole number,
/// also in quotes (`"2016":`, as tools that write YAML quote keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Year(pub i64);

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Year;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Year, E> {
                Ok(Year(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Year, E> {
                Ok(Year(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Year, E> {
                Err(E::custom(crate::msg!("yaml.not-a-year", year = v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Year, E> {
                Err(E::custom(crate::msg!(
                    "yaml.not-a-year",
                    year = format!("`{v}`")
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Year, E> {
                match v.trim().parse::<i64>() {
                    Ok(y) => Ok(Year(y)),
                    Err(_) => Err(E::custom(crate::msg!(
                        "yaml.not-a-year",
                        year = format!("`{v}`")
                    ))),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Year, E> {
                Err(E::custom(crate::msg!("yaml.year-missing")))
            }
        }
        d.deserialize_any(V)
    }
}

/// `true` or `false` written as such: YAML reads `"true"` in quotes as text,
/// and `yes` or `on` are not booleans in YAML 1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                Err(E::custom(quoted_scalar(v, &crate::msg!("yaml.want.bool"))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = v
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = v
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flag, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = v
                )))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Flag, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = crate::msg!("yaml.found.list")
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Flag, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = crate::msg!("yaml.found.map")
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// The message for a number or boolean where a text belongs.
fn not_a_text(v: impl fmt::Display) -> String {
    crate::msg!("yaml.not-a-text", subject = SUBJECT, value = v)
}

/// The message for a text where a number or `true`/`false` belongs.
fn quoted_scalar(text: &str, expected: &str) -> String {
    let t = text.trim();
    let looks_right = t.parse::<f64>().is_ok()
        || t.eq_ignore_ascii_case("true")
        || t.eq_ignore_ascii_case("false");
    if looks_right {
        crate::msg!(
            "yaml.unquote",
            subject = SUBJECT,
            expected = expected,
            value = t,
            written = text
        )
    } else {
        crate::msg!(
            "yaml.must-be-not",
            subject = SUBJECT,
            expected = expected,
            found = format!("`{text}`")
        )
    }
}

/// `deserialize_with` for a `bool` key: see [`Flag`].
pub(crate) fn flag<'de, D: de::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Flag::deserialize(d).map(|f| f.0)
}

/// `deserialize_with` for an optional `bool` key: see [`Flag`].
pub(crate) fn flag_opt<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Option::<Flag>::deserialize(d).map(|f| f.map(|f| f.0))
}

/// `deserialize_with` for an optional whole number: see [`Whole`].
pub(crate) fn whole_opt<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<Whole>::deserialize(d).map(|w| w.map(|w| w.0))
}

fn unwrap_whole(s: Spanned<Whole>) -> Spanned<i64> {
    Spanned::new(s.value.0, s.referenced, s.defined)
}

/// `deserialize_with` for an optional whole number with its place: see [`Whole`].
pub(crate) fn spanned_whole_opt<'de, D: de::Deserializer<'de>>(
    d: D,
) -> Result<Option<Spanned<i64>>, D::Error> {
    Option::<Spanned<Whole>>::deserialize(d).map(|w| w.map(unwrap_whole))
}

/// `deserialize_with` for a whole number with its place: see [`Whole`].
pub(crate) fn spanned_whole<'de, D: de::Deserializer<'de>>(d: D) -> Result<Spanned<i64>, D::Error> {
    Spanned::<Whole>::deserialize(d).map(unwrap_whole)
}

/// A list written in a file, each entry with its place, and the list's own.
pub(crate) type SpannedList<T> = Spanned<Vec<Spanned<T>>>;

/// `deserialize_with` for an optional list of whole numbers, each with its place.
pub(crate) fn spanned_whole_list_opt<'de, D: de::Deserializer<'de>>(
    d: D,
) -> Result<Option<SpannedList<i64>>, D::Error> {
    Option::<Spanned<Vec<Spanned<Whole>>>>::deserialize(d).map(|list| {
        list.map(|l| {
            Spanned::new(
                l.value.into_iter().map(unwrap_whole).collect(),
                l.referenced,
                l.defined,
            )
        })
    })
}

/// Text that may differ per language: either one string for every language
/// (`title: Tin tức`) or a map (`title: {vi: Tin tức, en: News}`).
#[derive(Debug, Clone)]
pub enum Localized {
    Same(String),
    PerLanguage(Vec<(Spanned<String>, String)>),
}

impl Localized {
    /// The text for `lang`, falling back to `fallback` (the default language).
    pub(crate) fn get<'s>(&'s self, lang: &str, fallback: &str) -> Option<&'s str> {
        match self {
            Localized::Same(s) => Some(s),
            Localized::PerLanguage(map) => {
                let find = |l: &str| {
                    map.iter()
                        .find(|(k, _)| k.value == l)
                        .map(|(_, v)| v.as_str())
                };
                find(lang).or_else(|| find(fallback))
            }
        }
    }

    /// The language keys written, with their places (empty for `Same`).
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Spanned<String>> {
        let keys: &[(Spanned<String>, String)] = match self {
            Localized::Same(_) => &[],
            Localized::PerLanguage(map) => map,
        };
        keys.iter().map(|(k, _)| k)
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map of language to text such as {vi: ..., en: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::Same(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Localized, E> {
                Ok(Localized::Same(v))
            }
            // A number or boolean where a text belongs: said at the value
            // (serde's own message would point at the key).
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Localized, E> {
                Err(E::custom(crate::msg!("yaml.empty-text", subject = SUBJECT)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Localized, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.localized-not-list",
                    subject = SUBJECT
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Spanned<String>, String>()? {
                    out.push((k, v));
                }
                Ok(Localized::PerLanguage(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML mapping read in source order as (key, value) pairs, so keys can be
/// [`Spanned`] (which cannot be ordered) and errors follow the file's order.
#[derive(Debug, Clone)]
pub(crate) struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Pairs<K, V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of keys to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = map.next_entry()? {
                    out.push(kv);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(PairsVisitor(PhantomData))
    }
}

/// Any YAML scalar, kept as written so it can be checked after parsing with
/// its place known (a figure must be a finite, non-negative number).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Int(i128),
    Float(f64),
    Text(String),
    Bool(bool),
    Null,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Scalar, E> {
                Ok(i128::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Scalar, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.number"),
                    found = crate::msg!("yaml.found.list")
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Scalar, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.number"),
                    found = crate::msg!("yaml.found.map")
                )))
            }
        }
        d.deserialize_any(V)
    }
}
