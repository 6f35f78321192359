//! `nlroute-rawdump`: the benchmark's "physical limit" for route dumps and round trips.
//!
//! Sends an RTM_GETROUTE dump and counts the messages with nothing but nlroute's socket and
//! walker (a direct blocking receive loop, no thread, no parsing), printing one JSON line per
//! repetition: `{"messages":N,"datagrams":M,"bytes":B,"seconds":S}`.
//!
//! With `--link-get N` it is the round-trip floor instead: N times one RTM_GETLINK for index 1,
//! each a plain `send(2)` and `recv(2)` on the socket's descriptor (no peek), printing one JSON
//! line in the shape of the runners' `link_get` result: `{"count":N,"seconds":S,"p50":S,"p99":S}`
//! (per-request latencies in seconds, as bench/runners/common.mjs `roundTrips` reports them).
//!
//! Usage: `nlroute-rawdump [--netns NAME] [--family 4|6|0] [--repeat N] [--rcvbuf BYTES] [--link-get N]`

use std::os::fd::AsRawFd;
use std::process::ExitCode;
use std::time::Instant;

use nlroute_core::consts::{AF_INET, AF_INET6, AF_UNSPEC, NLMSG_DONE, NLMSG_ERROR, NLMSG_MIN_TYPE, RTM_NEWLINK};
use nlroute_core::netns::open_socket_in_namespace;
use nlroute_core::{request, Messages, NetlinkSocket, RecvError, SocketOptions};

struct Args {
  netns: Option<String>,
  family: u8,
  repeat: u32,
  rcvbuf: Option<u32>,
  /// Round trips to time instead of dumping.
  link_get: Option<u32>,
}

const USAGE: &str =
  "usage: nlroute-rawdump [--netns NAME] [--family 4|6|0] [--repeat N] [--rcvbuf BYTES] [--link-get N]";

/// The interface the round trips ask for: the loopback, present in every namespace.
const LINK_GET_INDEX: i32 = 1;

fn parse_args() -> Result<Args, String> {
  let mut args = Args {
    netns: None,
    family: AF_UNSPEC,
    repeat: 1,
    rcvbuf: None,
    link_get: None,
  };
  let mut argv = std::env::args().skip(1);
  while let Some(flag) = argv.next() {
    let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
    match flag.as_str() {
      "--netns" => args.netns = Some(value()?),
      "--family" => {
        args.family = match value()?.as_str() {
          "4" => AF_INET,
          "6" => AF_INET6,
          "0" => AF_UNSPEC,
          other => return Err(format!("--family must be 4, 6 or 0, not {other}")),
        }
      }
      "--repeat" => args.repeat = value()?.parse().map_err(|err| format!("--repeat: {err}"))?,
      "--rcvbuf" => args.rcvbuf = Some(value()?.parse().map_err(|err| format!("--rcvbuf: {err}"))?),
      "--link-get" => {
        let requests: u32 = value()?.parse().map_err(|err| format!("--link-get: {err}"))?;
        if requests == 0 {
          return Err("--link-get must be at least 1".into());
        }
        args.link_get = Some(requests);
      }
      "-h" | "--help" => return Err(USAGE.to_string()),
      other => return Err(format!("unknown argument {other}\n{USAGE}")),
    }
  }
  Ok(args)
}

struct DumpCount {
  messages: u64,
  datagrams: u64,
  bytes: u64,
}

fn dump_once(socket: &NetlinkSocket, seq: u32, family: u8, buffer: &mut Vec<u8>) -> Result<DumpCount, String> {
  socket
    .send(&request::route_dump(seq, family))
    .map_err(|err| err.to_string())?;
  let mut count = DumpCount {
    messages: 0,
    datagrams: 0,
    bytes: 0,
  };
  loop {
    let received = match socket.recv(buffer, true) {
      Ok(received) => received,
      Err(RecvError::Overflow) => return Err("ENOBUFS during dump".into()),
      Err(RecvError::WouldBlock) => continue,
      Err(RecvError::Failed(err)) => return Err(err.to_string()),
    };
    if received.group != 0 {
      continue;
    }
    count.datagrams += 1;
    count.bytes += received.len as u64;
    for message in Messages::new(buffer) {
      let message = message.map_err(|err| err.to_string())?;
      if message.seq() != seq {
        continue;
      }
      match message.kind() {
        NLMSG_DONE => return Ok(count),
        NLMSG_ERROR => return Err(format!("kernel answered the dump with error {}", error_code(&message))),
        kind if kind >= NLMSG_MIN_TYPE => count.messages += 1,
        _ => {}
      }
    }
  }
}

/// The (negative) errno of an NLMSG_ERROR message, 0 if it is too short to hold one.
fn error_code(message: &nlroute_core::Message<'_>) -> i32 {
  message
    .payload()
    .get(..4)
    .map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
    .unwrap_or(0)
}

/// One RTM_GETLINK round trip: a plain send and blocking recv until the answer of `seq`.
fn link_get_once(socket: &NetlinkSocket, seq: u32, buffer: &mut [u8]) -> Result<(), String> {
  let request = request::link_get(seq, LINK_GET_INDEX);
  // SAFETY: `request` is a live byte slice of the length given.
  let sent = unsafe { libc::send(socket.as_raw_fd(), request.as_ptr().cast(), request.len(), 0) };
  if sent < 0 {
    return Err(format!("send: {}", std::io::Error::last_os_error()));
  }
  loop {
    // SAFETY: `buffer` is writable for its whole length.
    let received = unsafe { libc::recv(socket.as_raw_fd(), buffer.as_mut_ptr().cast(), buffer.len(), 0) };
    if received < 0 {
      let err = std::io::Error::last_os_error();
      if err.kind() == std::io::ErrorKind::Interrupted {
        continue;
      }
      return Err(format!("recv: {err}"));
    }
    let received = received as usize;
    // A full buffer may be a truncated datagram: a floor that miscounts is no floor.
    if received == buffer.len() {
      return Err(format!("answer of {received} bytes or more does not fit the buffer"));
    }
    for message in Messages::new(&buffer[..received]) {
      let message = message.map_err(|err| err.to_string())?;
      if message.seq() != seq {
        continue;
      }
      match message.kind() {
        RTM_NEWLINK => return Ok(()),
        NLMSG_ERROR => {
          return Err(format!(
            "kernel answered RTM_GETLINK with error {}",
            error_code(&message)
          ))
        }
        _ => {}
      }
    }
  }
}

/// The `p`th percentile of sorted samples, picked as bench/runners/common.mjs `percentile` does.
fn percentile(sorted: &[f64], p: usize) -> f64 {
  sorted[(sorted.len() - 1) * p / 100]
}

fn link_get_loop(socket: &NetlinkSocket, requests: u32) -> Result<(), String> {
  // An RTM_NEWLINK of the loopback is about 1.5 KiB; 64 KiB leaves room for any link.
  let mut buffer = vec![0u8; 64 * 1024];
  let mut latencies = Vec::with_capacity(requests as usize);
  let started = Instant::now();
  for seq in 1..=requests {
    let sent = Instant::now();
    link_get_once(socket, seq, &mut buffer)?;
    latencies.push(sent.elapsed().as_secs_f64());
  }
  let seconds = started.elapsed().as_secs_f64();
  latencies.sort_by(f64::total_cmp);
  println!(
    "{{\"count\":{requests},\"seconds\":{seconds:.6},\"p50\":{:.9},\"p99\":{:.9}}}",
    percentile(&latencies, 50),
    percentile(&latencies, 99)
  );
  Ok(())
}

fn run(args: Args) -> Result<(), String> {
  let options = SocketOptions {
    rcvbuf: args.rcvbuf,
    ..SocketOptions::default()
  };
  let socket = match &args.netns {
    Some(netns) => open_socket_in_namespace(netns, &options),
    None => NetlinkSocket::open(&options),
  }
  .map_err(|err| err.to_string())?;
  if let Some(requests) = args.link_get {
    return link_get_loop(&socket, requests);
  }
  let mut buffer = Vec::with_capacity(64 * 1024);
  for repetition in 0..args.repeat {
    let started = Instant::now();
    let count = dump_once(&socket, repetition + 1, args.family, &mut buffer)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
      "{{\"messages\":{},\"datagrams\":{},\"bytes\":{},\"seconds\":{seconds:.6}}}",
      count.messages, count.datagrams, count.bytes
    );
  }
  Ok(())
}

fn main() -> ExitCode {
  match parse_args().and_then(run) {
    Ok(()) => ExitCode::SUCCESS,
    Err(message) => {
      eprintln!("nlroute-rawdump: {message}");
      ExitCode::FAILURE
    }
  }
}
