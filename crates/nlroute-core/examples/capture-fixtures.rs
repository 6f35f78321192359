//! Captures real kernel dump datagrams as test fixtures (run by tests/fixtures/capture.sh).
//!
//! `capture-fixtures --netns NAME --out DIR` writes `route-dump.bin` (RTM_GETROUTE, all families)
//! and `link-dump.bin` (RTM_GETLINK). File format: each datagram as a little-endian u32 length
//! followed by its bytes, in receive order, up to and including the one holding NLMSG_DONE.

use std::path::{Path, PathBuf};

use nlroute_core::consts::{AF_UNSPEC, NLMSG_DONE, NLMSG_ERROR};
use nlroute_core::netns::open_socket_in_namespace;
use nlroute_core::{request, Messages, NetlinkSocket, SocketOptions};

fn capture(socket: &NetlinkSocket, request: &[u8], seq: u32) -> Result<Vec<Vec<u8>>, String> {
  socket.send(request).map_err(|err| err.to_string())?;
  let mut datagrams = Vec::new();
  loop {
    let mut buffer = Vec::new();
    let received = socket.recv(&mut buffer, true).map_err(|err| format!("{err:?}"))?;
    if received.group != 0 {
      continue;
    }
    let done = Messages::new(&buffer).any(|message| {
      message.is_ok_and(|message| message.seq() == seq && matches!(message.kind(), NLMSG_DONE | NLMSG_ERROR))
    });
    datagrams.push(buffer);
    if done {
      return Ok(datagrams);
    }
  }
}

fn write_framed(path: &Path, datagrams: &[Vec<u8>]) -> Result<(), String> {
  let mut bytes = Vec::new();
  for datagram in datagrams {
    bytes.extend_from_slice(&(datagram.len() as u32).to_le_bytes());
    bytes.extend_from_slice(datagram);
  }
  std::fs::write(path, bytes).map_err(|err| format!("{}: {err}", path.display()))
}

fn main() -> Result<(), String> {
  let mut netns = None;
  let mut out = PathBuf::from(".");
  let mut argv = std::env::args().skip(1);
  while let Some(flag) = argv.next() {
    match flag.as_str() {
      "--netns" => netns = argv.next(),
      "--out" => out = argv.next().map(PathBuf::from).ok_or("--out needs a value")?,
      other => return Err(format!("unknown argument {other}")),
    }
  }
  let netns = netns.ok_or("--netns is required")?;
  let socket = open_socket_in_namespace(&netns, &SocketOptions::default()).map_err(|err| err.to_string())?;
  let routes = capture(&socket, &request::route_dump(1, AF_UNSPEC), 1)?;
  write_framed(&out.join("route-dump.bin"), &routes)?;
  let links = capture(&socket, &request::link_dump(2), 2)?;
  write_framed(&out.join("link-dump.bin"), &links)?;
  println!(
    "captured {} route datagrams, {} link datagrams",
    routes.len(),
    links.len()
  );
  Ok(())
}
