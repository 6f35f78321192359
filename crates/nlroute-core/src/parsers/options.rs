//! What JavaScript gave for a native parser (`NativeParserSpec` in src/native.ts): the parser's
//! name plus named fields of JavaScript's value types, and the typed readers each parser's
//! `from_options` uses, so the checks and their error messages are written once for all parsers.
//!
//! The binding copies the spec object's own properties here without knowing any field; the
//! registry checks them against the fields the parser declares (its `FIELDS`, read by
//! [`ParserOptions::check_fields`]), so a misspelt field is a TypeError instead of a filter that
//! silently keeps everything.

use std::fmt;

/// One field's value, by its JavaScript type.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
  Number(f64),
  /// A Buffer or other Uint8Array.
  Bytes(Vec<u8>),
  Text(String),
  Bool(bool),
  /// Any other JavaScript type (null, an object, a function, ...), named as in error messages.
  Other(&'static str),
}

impl OptionValue {
  /// The type's name as error messages give it.
  fn type_name(&self) -> &'static str {
    match self {
      OptionValue::Number(_) => "number",
      OptionValue::Bytes(_) => "Uint8Array",
      OptionValue::Text(_) => "string",
      OptionValue::Bool(_) => "boolean",
      OptionValue::Other(name) => name,
    }
  }
}

impl From<f64> for OptionValue {
  fn from(value: f64) -> Self {
    OptionValue::Number(value)
  }
}

impl From<u32> for OptionValue {
  fn from(value: u32) -> Self {
    OptionValue::Number(value.into())
  }
}

impl From<i32> for OptionValue {
  fn from(value: i32) -> Self {
    OptionValue::Number(value.into())
  }
}

impl From<Vec<u8>> for OptionValue {
  fn from(value: Vec<u8>) -> Self {
    OptionValue::Bytes(value)
  }
}

impl From<&[u8]> for OptionValue {
  fn from(value: &[u8]) -> Self {
    OptionValue::Bytes(value.to_vec())
  }
}

impl<const N: usize> From<[u8; N]> for OptionValue {
  fn from(value: [u8; N]) -> Self {
    OptionValue::Bytes(value.to_vec())
  }
}

impl From<&str> for OptionValue {
  fn from(value: &str) -> Self {
    OptionValue::Text(value.into())
  }
}

impl From<String> for OptionValue {
  fn from(value: String) -> Self {
    OptionValue::Text(value)
  }
}

impl From<bool> for OptionValue {
  fn from(value: bool) -> Self {
    OptionValue::Bool(value)
  }
}

/// A parser's name and fields. An absent field (JavaScript `undefined`) is simply not set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParserOptions {
  name: String,
  fields: Vec<(String, OptionValue)>,
}

/// Why options could not be turned into a parser. [`OptionsError::is_type_error`] says which
/// JavaScript error class it becomes (TypeError or RangeError).
#[derive(Debug, Clone, PartialEq)]
pub enum OptionsError {
  /// No parser has this name.
  UnknownName(String),
  /// A field the parser does not read (`known` lists the ones it does).
  UnknownField {
    field: String,
    parser: String,
    known: &'static [&'static str],
  },
  /// A field has the wrong JavaScript type.
  WrongType {
    field: &'static str,
    expected: &'static str,
    got: &'static str,
  },
  /// A number field holds a fraction, NaN or an infinity.
  NotAnInteger { field: &'static str, value: f64 },
  /// An integer field is outside the range its parser accepts.
  OutOfRange {
    field: &'static str,
    value: f64,
    min: u32,
    max: u32,
  },
  /// A field is invalid for a reason of its parser's own (an address of the wrong length, a
  /// prefix longer than its address, fields that contradict each other).
  Invalid { field: &'static str, reason: String },
}

impl OptionsError {
  /// A TypeError in JavaScript (the wrong kind of value); otherwise a RangeError (the right kind,
  /// but not an acceptable one).
  pub fn is_type_error(&self) -> bool {
    matches!(
      self,
      OptionsError::UnknownName(_)
        | OptionsError::UnknownField { .. }
        | OptionsError::WrongType { .. }
        | OptionsError::NotAnInteger { .. }
    )
  }

  /// The field the error is about (`None` for an unknown name).
  pub fn field(&self) -> Option<&str> {
    match self {
      OptionsError::UnknownName(_) => None,
      OptionsError::UnknownField { field, .. } => Some(field),
      OptionsError::WrongType { field, .. }
      | OptionsError::NotAnInteger { field, .. }
      | OptionsError::OutOfRange { field, .. }
      | OptionsError::Invalid { field, .. } => Some(field),
    }
  }
}

impl fmt::Display for OptionsError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      OptionsError::UnknownName(name) => write!(
        f,
        "unknown native parser {name:?} (known: {})",
        super::parser_names().collect::<Vec<_>>().join(", ")
      ),
      OptionsError::UnknownField { field, parser, known } => {
        write!(f, "spec.{field}: not an option of {parser} ({})", known.join(", "))
      }
      OptionsError::WrongType { field, expected, got } => write!(f, "spec.{field} must be {expected}, got {got}"),
      OptionsError::NotAnInteger { field, value } => write!(f, "spec.{field} must be an integer, got {value}"),
      OptionsError::OutOfRange { field, value, min, max } => {
        write!(f, "spec.{field} must be in {min}..={max}, got {value}")
      }
      OptionsError::Invalid { field, reason } => write!(f, "native parser spec field {field}: {reason}"),
    }
  }
}

impl std::error::Error for OptionsError {}

impl ParserOptions {
  /// Options naming parser `name`, with no fields yet.
  pub fn new(name: impl Into<String>) -> Self {
    ParserOptions {
      name: name.into(),
      fields: Vec::new(),
    }
  }

  /// Sets `field` (replacing an earlier value), builder style.
  pub fn with(mut self, field: impl Into<String>, value: impl Into<OptionValue>) -> Self {
    self.set(field, value);
    self
  }

  /// Sets `field`, replacing an earlier value.
  pub fn set(&mut self, field: impl Into<String>, value: impl Into<OptionValue>) {
    let (field, value) = (field.into(), value.into());
    match self.fields.iter_mut().find(|(name, _)| *name == field) {
      Some(entry) => entry.1 = value,
      None => self.fields.push((field, value)),
    }
  }

  /// The parser's name.
  pub fn name(&self) -> &str {
    &self.name
  }

  /// Rejects the first field not in `known` (the parser's declared fields; `name` is not a field).
  pub fn check_fields(&self, known: &'static [&'static str]) -> Result<(), OptionsError> {
    match self.fields.iter().find(|(field, _)| !known.contains(&field.as_str())) {
      Some((field, _)) => Err(OptionsError::UnknownField {
        field: field.clone(),
        parser: self.name.clone(),
        known,
      }),
      None => Ok(()),
    }
  }

  fn get(&self, field: &str) -> Option<&OptionValue> {
    self
      .fields
      .iter()
      .find(|(name, _)| name == field)
      .map(|(_, value)| value)
  }

  fn wrong_type(field: &'static str, expected: &'static str, value: &OptionValue) -> OptionsError {
    OptionsError::WrongType {
      field,
      expected,
      got: value.type_name(),
    }
  }

  /// An integer field in `min..=max`.
  pub fn integer(&self, field: &'static str, min: u32, max: u32) -> Result<Option<u32>, OptionsError> {
    let value = match self.get(field) {
      None => return Ok(None),
      Some(OptionValue::Number(value)) => *value,
      Some(other) => return Err(Self::wrong_type(field, "a number", other)),
    };
    if !value.is_finite() || value.fract() != 0.0 {
      return Err(OptionsError::NotAnInteger { field, value });
    }
    if value < f64::from(min) || value > f64::from(max) {
      return Err(OptionsError::OutOfRange { field, value, min, max });
    }
    Ok(Some(value as u32))
  }

  /// An integer field that fits a u32 (an interface index, a table id, a metric, ...).
  pub fn u32(&self, field: &'static str) -> Result<Option<u32>, OptionsError> {
    self.integer(field, 0, u32::MAX)
  }

  /// An integer field that fits a u8 (a header byte such as rtm_family or rtm_protocol).
  pub fn u8(&self, field: &'static str) -> Result<Option<u8>, OptionsError> {
    Ok(self.integer(field, 0, u8::MAX.into())?.map(|value| value as u8))
  }

  /// A bytes field (a Buffer or other Uint8Array).
  pub fn bytes(&self, field: &'static str) -> Result<Option<&[u8]>, OptionsError> {
    match self.get(field) {
      None => Ok(None),
      Some(OptionValue::Bytes(bytes)) => Ok(Some(bytes)),
      Some(other) => Err(Self::wrong_type(field, "a Buffer or Uint8Array", other)),
    }
  }

  /// A string field.
  pub fn text(&self, field: &'static str) -> Result<Option<&str>, OptionsError> {
    match self.get(field) {
      None => Ok(None),
      Some(OptionValue::Text(text)) => Ok(Some(text)),
      Some(other) => Err(Self::wrong_type(field, "a string", other)),
    }
  }

  /// A boolean field.
  pub fn bool(&self, field: &'static str) -> Result<Option<bool>, OptionsError> {
    match self.get(field) {
      None => Ok(None),
      Some(OptionValue::Bool(value)) => Ok(Some(*value)),
      Some(other) => Err(Self::wrong_type(field, "a boolean", other)),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn integers_are_checked_for_type_integrality_and_range() {
    let options = ParserOptions::new("p")
      .with("ok", 10u32)
      .with("half", 1.5)
      .with("big", 256u32)
      .with("text", "x")
      .with("null", OptionValue::Other("null"));
    assert_eq!(options.u8("ok"), Ok(Some(10)));
    assert_eq!(options.u8("absent"), Ok(None));
    let half = options.u32("half").unwrap_err();
    assert!(half.is_type_error());
    assert_eq!(half.to_string(), "spec.half must be an integer, got 1.5");
    let big = options.u8("big").unwrap_err();
    assert!(!big.is_type_error());
    assert_eq!(big.to_string(), "spec.big must be in 0..=255, got 256");
    assert_eq!(options.u32("big"), Ok(Some(256)));
    assert_eq!(
      options.u32("text").unwrap_err().to_string(),
      "spec.text must be a number, got string"
    );
    assert_eq!(options.u32("null").unwrap_err().field(), Some("null"));
    assert!(matches!(
      ParserOptions::new("p").with("n", f64::NAN).u32("n"),
      Err(OptionsError::NotAnInteger { field: "n", .. })
    ));
  }

  #[test]
  fn bytes_text_and_bool_are_read_by_type() {
    let options = ParserOptions::new("p")
      .with("dst", [10, 0, 0, 1])
      .with("label", "eth0")
      .with("on", true);
    assert_eq!(options.bytes("dst"), Ok(Some(&[10, 0, 0, 1][..])));
    assert_eq!(options.text("label"), Ok(Some("eth0")));
    assert_eq!(options.bool("on"), Ok(Some(true)));
    assert!(options.bytes("label").unwrap_err().is_type_error());
    assert!(options.text("on").unwrap_err().is_type_error());
    assert!(options.bool("dst").unwrap_err().is_type_error());
  }

  #[test]
  fn fields_outside_the_declared_ones_are_a_type_error_naming_field_and_parser() {
    const KNOWN: &[&str] = &["family", "table"];
    let options = ParserOptions::new("routeFilter")
      .with("family", 2u32)
      .with("tabel", 254u32);
    let error = options.check_fields(KNOWN).unwrap_err();
    assert!(error.is_type_error());
    assert_eq!(error.field(), Some("tabel"));
    assert_eq!(
      error.to_string(),
      "spec.tabel: not an option of routeFilter (family, table)"
    );
    assert_eq!(ParserOptions::new("p").with("table", 1u32).check_fields(KNOWN), Ok(()));
    assert_eq!(ParserOptions::new("p").check_fields(&[]), Ok(()));
  }

  #[test]
  fn a_field_set_twice_keeps_the_last_value() {
    let options = ParserOptions::new("p").with("table", 1u32).with("table", 2u32);
    assert_eq!(options.u32("table"), Ok(Some(2)));
  }
}
