//! nlroute-core: the Rust half of nlroute, free of any napi dependency.
//!
//! It owns everything that touches the kernel or runs off the JavaScript thread:
//! the netlink socket ([`socket`]), opening it inside another network namespace ([`netns`]),
//! validation of received bytes ([`walker`]), the bounded datagram queue and buffer pool
//! ([`queue`]), the per-socket receive thread ([`receive`]), the send side with its background
//! sender thread ([`sender`]) and the native per-request parsers
//! that drop unwanted messages before they ever reach JavaScript ([`parsers`]).
//! The napi adapter (crate `nlroute-binding`) only translates between these types and JS values.

pub mod consts;
pub mod error;
pub mod netns;
pub mod parsers;
pub mod queue;
pub mod receive;
pub mod request;
pub mod sender;
pub mod socket;
pub mod typescript;
pub mod walker;

pub use error::NlError;
pub use parsers::{build as build_parser, NativeParser, OptionValue, OptionsError, ParserOptions, ParserRegistry};
pub use queue::{BufferPool, PooledBuffer};
pub use receive::{
  Datagram, Delivery, DeliverySink, Injector, ReceiveError, ReceiveMode, ReceiverOptions, SocketReceiver, StatsSnapshot,
};
pub use sender::Sender;
pub use socket::{NetlinkSocket, Received, RecvError, SocketOptions};
pub use walker::{Attribute, Attributes, Message, Messages, WalkError};
