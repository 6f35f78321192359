//! `defaultRoutes`: keep only default routes (RTM_NEWROUTE without RTA_DST), after pyroute2's
//! `default_routes` parser — optionally restricted to one address family and one table.
//!
//! Unlike pyroute2 0.9, the `table` filter is honoured (RTA_TABLE when present, else rtm_table).
//! `compact: true` rewrites the routes it keeps into the compact form (route_compact.rs).

use super::route::{RouteParse, RouteView};
use super::route_compact::compact_route;
use super::{NativeParser, OptionsError, ParserOptions};

/// Accepts default routes of the requested family/table.
#[derive(Debug, Clone, Default)]
pub struct DefaultRoutes {
  /// Address family to keep (`None` = any; a spec family of 0 also means any).
  family: Option<u8>,
  /// Table to keep (`None` = any).
  table: Option<u32>,
  /// Rewrite kept routes into the compact form (route_compact.rs).
  compact: bool,
}

impl DefaultRoutes {
  /// The fields [`DefaultRoutes::from_options`] reads; a spec with any other is rejected.
  pub const FIELDS: &'static [&'static str] = &["family", "table", "compact"];

  /// Reads `family`, `table` and `compact`.
  pub fn from_options(options: &ParserOptions) -> Result<Self, OptionsError> {
    Ok(DefaultRoutes {
      family: options.u8("family")?.filter(|family| *family != 0),
      table: options.u32("table")?,
      compact: options.bool("compact")?.unwrap_or(false),
    })
  }
}

impl NativeParser for DefaultRoutes {
  fn accept(&mut self, msg: &[u8]) -> bool {
    match RouteView::parse(msg) {
      RouteParse::Route(route) => {
        route.is_default()
          && self.family.is_none_or(|family| family == route.family)
          && self.table.is_none_or(|table| table == route.table())
      }
      RouteParse::NotARoute => false,
      // Let JavaScript see (and report) what we cannot read.
      RouteParse::Malformed => true,
    }
  }

  fn rewrite(&mut self, msg: &mut [u8], text: &mut Vec<u8>) {
    if self.compact {
      compact_route(msg, text);
    }
  }
}
