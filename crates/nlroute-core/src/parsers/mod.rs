//! Native per-request parsers: Rust predicates that decide, message by message, which replies to
//! a request are worth sending to JavaScript.
//!
//! A parser is registered for one sequence number (see [`registry`]); the receive thread runs it
//! on each data message of that request and removes the rejected ones before the datagram is
//! handed over. This is how "default routes only" on a million-route table costs a raw receive
//! loop instead of a million JS objects.
//!
//! Adding a parser: write `parsers/<name>.rs` with a type implementing [`NativeParser`] and a
//! `from_options(&ParserOptions)` constructor that reads its fields with the typed readers of
//! [`options`], then add one line to [`CONSTRUCTORS`]; on the JavaScript side, add its option
//! shape to the `NativeParserSpec` union in src/native.ts. The binding needs no change.

pub mod default_routes;
pub mod options;
pub mod registry;
pub mod route;
pub mod route_filter;

pub use options::{OptionValue, OptionsError, ParserOptions};
pub use registry::{FilterOutcome, ParserRegistry};

/// A per-request message filter. `msg` is one whole netlink message including its 16-byte header;
/// it is only ever called for data messages (type >= 16) of the sequence number it is registered
/// for. Returning `false` drops the message.
pub trait NativeParser: Send {
  fn accept(&mut self, msg: &[u8]) -> bool;
}

type Constructor = fn(&ParserOptions) -> Result<Box<dyn NativeParser>, OptionsError>;

/// Parser names and their constructors.
const CONSTRUCTORS: &[(&str, Constructor)] = &[
  ("defaultRoutes", |options| {
    Ok(Box::new(default_routes::DefaultRoutes::from_options(options)?))
  }),
  ("routeFilter", |options| {
    Ok(Box::new(route_filter::RouteFilter::from_options(options)?))
  }),
];

/// The names [`build`] knows.
pub fn parser_names() -> impl Iterator<Item = &'static str> {
  CONSTRUCTORS.iter().map(|(name, _)| *name)
}

/// Builds the parser the options name.
pub fn build(options: &ParserOptions) -> Result<Box<dyn NativeParser>, OptionsError> {
  let (_, construct) = CONSTRUCTORS
    .iter()
    .find(|(name, _)| *name == options.name())
    .ok_or_else(|| OptionsError::UnknownName(options.name().into()))?;
  construct(options)
}

/// Checks that an address field is 4 (IPv4) or 16 (IPv6) bytes; returns its address family.
pub(crate) fn address_family(field: &'static str, bytes: &[u8]) -> Result<u8, OptionsError> {
  match bytes.len() {
    4 => Ok(crate::consts::AF_INET),
    16 => Ok(crate::consts::AF_INET6),
    other => Err(OptionsError::Invalid {
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
    let err = build(&ParserOptions::new("nope")).err().unwrap();
    assert_eq!(err, OptionsError::UnknownName("nope".into()));
    assert!(err.is_type_error());
    assert!(err.to_string().contains("defaultRoutes"));
  }
}
