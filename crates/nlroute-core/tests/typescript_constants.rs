//! src/generated/netlink.ts is what nlroute_core::typescript renders from the Rust constants.

#[test]
fn the_checked_in_typescript_constants_are_current() {
  let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src/generated/netlink.ts");
  let checked_in = std::fs::read_to_string(path).unwrap_or_default();
  assert!(
    checked_in == nlroute_core::typescript::module(),
    "{path} is stale: run `npm run generate:constants`"
  );
}
