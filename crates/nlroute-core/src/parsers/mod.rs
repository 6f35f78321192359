//! Native per-request parsers: Rust predicates that decide, message by message, which replies to
//! a request are worth sending to JavaScript.
//!
//! A parser is registered for one sequence number (see [`registry`]); the receive thread runs it
//! on each data message of that request and removes the rejected ones before the datagram is
//! handed over. This is how "default routes only" on a million-route table costs a raw receive
//! loop instead of a million JS objects.
//!
//! Adding a parser: write `parsers/<name>.rs` with a type implementing [`NativeParser`] and a
//! `from_spec(&ParserSpec)` constructor, then add one line to [`CONSTRUCTORS`].

pub mod default_routes;
pub mod registry;
pub mod route;
pub mod route_filter;

pub use registry::{FilterOutcome, ParserRegistry};

/// A per-request message filter. `msg` is one whole netlink message including its 16-byte header;
/// it is only ever called for data messages (type >= 16) of the sequence number it is registered
/// for. Returning `false` drops the message.
pub trait NativeParser: Send {
  fn accept(&mut self, msg: &[u8]) -> bool;
}

/// The description of a parser, as given by JavaScript (`NativeParserSpec` in src/native.ts).
/// Numbers are kept wide here and range-checked by each parser's constructor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParserSpec {
  pub name: String,
  pub family: Option<u32>,
  pub table: Option<u32>,
  pub protocol: Option<u32>,
  pub route_type: Option<u32>,
  pub scope: Option<u32>,
  pub oif: Option<u32>,
  pub iif: Option<u32>,
  pub priority: Option<u32>,
  pub dst: Option<Vec<u8>>,
  pub dst_len: Option<u32>,
  pub contains: Option<Vec<u8>>,
  /// With `within_len`: keep routes whose destination lies inside this prefix (`ip route show root`).
  pub within: Option<Vec<u8>>,
  pub within_len: Option<u32>,
  pub gateway: Option<Vec<u8>>,
}

/// Why a spec could not be turned into a parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParserSpecError {
  /// No parser has this name.
  UnknownName(String),
  /// A field is outside its valid range or has the wrong length.
  InvalidField { field: &'static str, reason: String },
}

impl std::fmt::Display for ParserSpecError {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    match self {
      ParserSpecError::UnknownName(name) => {
        let known: Vec<&str> = CONSTRUCTORS.iter().map(|(name, _)| *name).collect();
        write!(f, "unknown native parser {name:?} (known: {})", known.join(", "))
      }
      ParserSpecError::InvalidField { field, reason } => write!(f, "native parser spec field {field}: {reason}"),
    }
  }
}

impl std::error::Error for ParserSpecError {}

type Constructor = fn(&ParserSpec) -> Result<Box<dyn NativeParser>, ParserSpecError>;

/// Parser names and their constructors.
const CONSTRUCTORS: &[(&str, Constructor)] = &[
  ("defaultRoutes", |spec| {
    Ok(Box::new(default_routes::DefaultRoutes::from_spec(spec)?))
  }),
  ("routeFilter", |spec| {
    Ok(Box::new(route_filter::RouteFilter::from_spec(spec)?))
  }),
];

/// Builds the parser a spec names.
pub fn build(spec: &ParserSpec) -> Result<Box<dyn NativeParser>, ParserSpecError> {
  let (_, construct) = CONSTRUCTORS
    .iter()
    .find(|(name, _)| *name == spec.name)
    .ok_or_else(|| ParserSpecError::UnknownName(spec.name.clone()))?;
  construct(spec)
}

/// Range-checks an optional spec number that must fit in a u8 header field.
pub(crate) fn byte_field(field: &'static str, value: Option<u32>) -> Result<Option<u8>, ParserSpecError> {
  value
    .map(|value| {
      u8::try_from(value).map_err(|_| ParserSpecError::InvalidField {
        field,
        reason: format!("{value} is out of range 0..=255"),
      })
    })
    .transpose()
}

/// Checks that an address field is 4 (IPv4) or 16 (IPv6) bytes; returns its address family.
pub(crate) fn address_family(field: &'static str, bytes: &[u8]) -> Result<u8, ParserSpecError> {
  match bytes.len() {
    4 => Ok(crate::consts::AF_INET),
    16 => Ok(crate::consts::AF_INET6),
    other => Err(ParserSpecError::InvalidField {
      field,
      reason: format!("must be 4 or 16 bytes, got {other}"),
    }),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn unknown_name_is_reported_with_the_known_ones() {
    let err = build(&ParserSpec {
      name: "nope".into(),
      ..Default::default()
    })
    .err()
    .unwrap();
    assert_eq!(err, ParserSpecError::UnknownName("nope".into()));
    assert!(err.to_string().contains("defaultRoutes"));
  }

  #[test]
  fn byte_fields_are_range_checked() {
    assert_eq!(byte_field("family", Some(10)).unwrap(), Some(10));
    assert!(byte_field("family", Some(256)).is_err());
    assert_eq!(byte_field("family", None).unwrap(), None);
  }
}
