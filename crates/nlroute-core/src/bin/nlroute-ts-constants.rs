//! Prints src/generated/netlink.ts: the netlink constants TypeScript shares with the core
//! (nlroute_core::typescript). `npm run generate:constants` writes it.

fn main() {
  print!("{}", nlroute_core::typescript::module());
}
