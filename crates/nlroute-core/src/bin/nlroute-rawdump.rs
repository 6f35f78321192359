//! `nlroute-rawdump`: the benchmark's "physical limit" for route dumps.
//!
//! Sends an RTM_GETROUTE dump and counts the messages with nothing but nlroute's socket and
//! walker (a direct blocking receive loop, no thread, no parsing), printing one JSON line per
//! repetition: `{"messages":N,"datagrams":M,"bytes":B,"seconds":S}`.
//!
//! Usage: `nlroute-rawdump [--netns NAME] [--family 4|6|0] [--repeat N] [--rcvbuf BYTES]`

use std::process::ExitCode;
use std::time::Instant;

use nlroute_core::consts::{AF_INET, AF_INET6, AF_UNSPEC, NLMSG_DONE, NLMSG_ERROR, NLMSG_MIN_TYPE};
use nlroute_core::netns::open_socket_in_namespace;
use nlroute_core::{request, Messages, NetlinkSocket, RecvError, SocketOptions};

struct Args {
  netns: Option<String>,
  family: u8,
  repeat: u32,
  rcvbuf: Option<u32>,
}

const USAGE: &str = "usage: nlroute-rawdump [--netns NAME] [--family 4|6|0] [--repeat N] [--rcvbuf BYTES]";

fn parse_args() -> Result<Args, String> {
  let mut args = Args {
    netns: None,
    family: AF_UNSPEC,
    repeat: 1,
    rcvbuf: None,
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
        NLMSG_ERROR => {
          let payload = message.payload();
          let errno = payload
            .get(..4)
            .map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .unwrap_or(0);
          return Err(format!("kernel answered the dump with error {errno}"));
        }
        kind if kind >= NLMSG_MIN_TYPE => count.messages += 1,
        _ => {}
      }
    }
  }
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
