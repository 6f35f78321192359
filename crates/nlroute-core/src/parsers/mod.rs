//! Native per-request parsers: Rust predicates that decide, message by message, which replies to
//! a request are worth sending to JavaScript.
//!
//! A parser is registered for one sequence number (see [`registry`]); the receive thread runs it
//! on each data message of that request and removes the rejected ones before the datagram is
//! handed over. This is how "default routes only" on a million-route table costs a raw receive
//! loop instead of a million JS objects.
//!
//! Adding a parser: write `parsers/<name>.rs` with a type implementing [`NativeParser`], the
//! `FIELDS` it reads and a `from_options(&ParserOptions)` constructor that reads them with the
//! typed readers of [`options`], then add one line to [`PARSERS`]; on the JavaScript side, add
//! its option shape to the `NativeParserSpec` union in src/native.ts (an ava test compares the
//! two: __test__/types/native-parser-specs.mjs). The binding needs no change.

pub mod default_routes;
pub mod inet_diag;
pub mod options;
pub mod registry;
pub mod route;
pub mod route_compact;
pub mod route_filter;

pub use options::{OptionValue, OptionsError, ParserOptions};
pub use registry::{FilterOutcome, ParserRegistry};

/// A per-request message filter. `msg` is one whole netlink message including its 16-byte header;
/// it is only ever called for data messages (type >= 16) of the sequence number it is registered
/// for. Returning `false` drops the message.
pub trait NativeParser: Send {
  fn accept(&mut self, msg: &[u8]) -> bool;

  /// Called on each message `accept` kept, before it is handed over: a parser may rewrite it in
  /// place (as the route parsers' `compact` option does, see [`route_compact`]), never longer, and
  /// append to `text`, the datagram's side text, which JavaScript receives with the datagram as
  /// one string (the compact form's destination texts).
  fn rewrite(&mut self, _msg: &mut [u8], _text: &mut Vec<u8>) {}
}

type Constructor = fn(&ParserOptions) -> Result<Box<dyn NativeParser>, OptionsError>;

/// Parser names, the fields each reads, and their constructors.
const PARSERS: &[(&str, &[&str], Constructor)] = &[
  ("defaultRoutes", default_routes::DefaultRoutes::FIELDS, |options| {
    Ok(Box::new(default_routes::DefaultRoutes::from_options(options)?))
  }),
  ("routeFilter", route_filter::RouteFilter::FIELDS, |options| {
    Ok(Box::new(route_filter::RouteFilter::from_options(options)?))
  }),
  ("inetDiagFilter", inet_diag::InetDiagFilter::FIELDS, |options| {
    Ok(Box::new(inet_diag::InetDiagFilter::from_options(options)?))
  }),
];

/// The names [`build`] knows.
pub fn parser_names() -> impl Iterator<Item = &'static str> {
  PARSERS.iter().map(|(name, _, _)| *name)
}

/// Each parser's name and the fields it reads (what a spec may hold besides `name`).
pub fn parser_fields() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
  PARSERS.iter().map(|(name, fields, _)| (*name, *fields))
}

/// Builds the parser the options name; a field it does not read is an error.
pub fn build(options: &ParserOptions) -> Result<Box<dyn NativeParser>, OptionsError> {
  let (_, fields, construct) = PARSERS
    .iter()
    .find(|(name, _, _)| *name == options.name())
    .ok_or_else(|| OptionsError::UnknownName(options.name().into()))?;
  options.check_fields(fields)?;
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

  #[test]
  fn a_field_no_parser_reads_is_rejected_before_construction() {
    let err = build(&ParserOptions::new("routeFilter").with("tabel", 254u32))
      .err()
      .unwrap();
    assert!(err.is_type_error());
    assert_eq!(err.field(), Some("tabel"));
    assert!(err
      .to_string()
      .starts_with("spec.tabel: not an option of routeFilter (family, table,"));
    // defaultRoutes reads fewer fields than routeFilter: routeFilter's are not its own.
    let err = build(&ParserOptions::new("defaultRoutes").with("oif", 1u32))
      .err()
      .unwrap();
    assert_eq!(
      err.to_string(),
      "spec.oif: not an option of defaultRoutes (family, table, compact)"
    );
  }
}
