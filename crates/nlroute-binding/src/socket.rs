//! The `NativeSocket` class: a netlink socket plus its receive thread, as seen from JavaScript.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::{
  Buffer, FromNapiValue, Function, JsObjectValue, JsValue, KeyCollectionMode, KeyConversion, KeyFilter, Object,
  Uint8Array, Uint8ArraySlice, Unknown,
};
use napi::{Env, Result, ValueType};
use napi_derive::napi;
use nlroute_core::consts::MAX_PROTOCOL;
use nlroute_core::netns::open_socket_in_namespace;
use nlroute_core::receive::DEFAULT_QUEUE_CAPACITY;
use nlroute_core::{
  build_parser, NativeParser, NetlinkSocket, NlError, OptionValue, ParserOptions, ParserRegistry, ReceiveMode,
  ReceiverOptions, Sender, SocketOptions, SocketReceiver,
};

use crate::batch::{
  deliver_on_js_thread, side_text, to_batch, ClosedFlag, Copy, DeliveryFunction, NativeBatch, ThreadsafeSink,
};
use crate::errors::{integer_argument, range_error, system_error, type_error};

/// Largest accepted `queueCapacity` (datagrams), to keep a typo from reserving unbounded memory.
const MAX_QUEUE_CAPACITY: u32 = 1 << 20;

/// Options understood by `NativeSocket.open`.
#[napi(object)]
pub struct NativeOpenOptions {
  /// Netlink protocol number (NETLINK_ROUTE = 0, NETLINK_SOCK_DIAG = 4, NETLINK_GENERIC = 16, ...).
  pub protocol: f64,
  /// Network namespace: a name under /run/netns, or an absolute path to a namespace file.
  pub netns: Option<String>,
  /// true: a Rust thread reads eagerly into a bounded queue; false: the socket is read only on
  /// demand (the datagram answering it plus those already waiting, up to 256).
  pub buffer_thread: Option<bool>,
  /// Buffer-thread mode: how many received datagrams may wait in the queue before reading pauses.
  pub queue_capacity: Option<f64>,
  /// SO_RCVBUF in bytes (SO_RCVBUFFORCE is tried first, as root may exceed rmem_max).
  pub rcvbuf: Option<f64>,
  /// SO_SNDBUF in bytes (SO_SNDBUFFORCE first).
  pub sndbuf: Option<f64>,
  /// NETLINK_EXT_ACK.
  pub ext_ack: Option<bool>,
  /// NETLINK_GET_STRICT_CHK.
  pub strict_check: Option<bool>,
  /// NETLINK_NO_ENOBUFS.
  pub no_enobufs: Option<bool>,
  /// Legacy group bitmask given to bind() (groups 1..32). Larger groups: addMembership.
  pub groups: Option<f64>,
}

/// Counters the native socket keeps since it was opened.
#[napi(object)]
pub struct NativeSocketStats {
  /// Datagrams received.
  pub datagrams: f64,
  /// Bytes received.
  pub bytes: f64,
  /// Times recvmsg reported ENOBUFS (the kernel dropped messages).
  pub overflows: f64,
  /// Messages native parsers dropped before they reached JavaScript.
  pub messages_dropped_by_native_parsers: f64,
  /// Datagrams waiting in the buffer-thread queue now.
  pub queued: f64,
}

/// What an open socket owns. `close()` drops it, which joins the receive and sender threads and
/// closes the netlink fd and the eventfd at once, whatever JavaScript still holds.
struct OpenSocket {
  receiver: SocketReceiver,
  sender: Sender,
  /// Dropping it releases the threadsafe function (and so `onBatch`).
  delivery: Arc<Mutex<Option<DeliveryFunction>>>,
}

/// A netlink socket with its receive thread.
#[napi]
pub struct NativeSocket {
  /// `None` once closed.
  open: Option<OpenSocket>,
  closed: ClosedFlag,
  port_id: u32,
  protocol: u32,
}

impl NativeSocket {
  fn open_socket(&self, env: &Env) -> Result<&OpenSocket> {
    self
      .open
      .as_ref()
      .ok_or_else(|| system_error(env, &NlError::socket_closed()))
  }

  fn receiver(&self) -> Option<&SocketReceiver> {
    self.open.as_ref().map(|open| &open.receiver)
  }

  /// A buffer size the kernel granted, as `read` finds it (0 once closed or unreadable).
  fn granted(&self, read: fn(&NetlinkSocket) -> std::result::Result<usize, NlError>) -> u32 {
    self
      .receiver()
      .and_then(SocketReceiver::socket)
      .and_then(|socket| read(socket).ok())
      .map_or(0, |size| u32::try_from(size).unwrap_or(u32::MAX))
  }
}

/// Frees everything at once: threads joined, fds closed, idle pooled buffers freed. Buffers that
/// JavaScript still holds free their own memory when collected.
impl Drop for NativeSocket {
  fn drop(&mut self) {
    self.shut_down();
  }
}

fn optional_u32(env: &Env, argument: &str, value: Option<f64>, min: u32, max: u32) -> Result<Option<u32>> {
  value
    .map(|value| integer_argument(env, argument, value, min, max))
    .transpose()
}

fn socket_options(env: &Env, options: &NativeOpenOptions) -> Result<SocketOptions> {
  Ok(SocketOptions {
    protocol: integer_argument(env, "options.protocol", options.protocol, 0, MAX_PROTOCOL)?,
    rcvbuf: optional_u32(env, "options.rcvbuf", options.rcvbuf, 0, i32::MAX as u32)?,
    sndbuf: optional_u32(env, "options.sndbuf", options.sndbuf, 0, i32::MAX as u32)?,
    ext_ack: options.ext_ack.unwrap_or(false),
    strict_check: options.strict_check.unwrap_or(false),
    no_enobufs: options.no_enobufs.unwrap_or(false),
    groups: optional_u32(env, "options.groups", options.groups, 0, u32::MAX)?.unwrap_or(0),
  })
}

fn receive_mode(env: &Env, options: &NativeOpenOptions) -> Result<ReceiveMode> {
  if !options.buffer_thread.unwrap_or(false) {
    return Ok(ReceiveMode::Direct);
  }
  let capacity = optional_u32(
    env,
    "options.queueCapacity",
    options.queue_capacity,
    1,
    MAX_QUEUE_CAPACITY,
  )?
  .map_or(DEFAULT_QUEUE_CAPACITY, |capacity| capacity as usize);
  Ok(ReceiveMode::Buffered { capacity })
}

/// The spec object's enumerable string-keyed properties (inherited ones too, as a named read
/// sees them) as parser options, each value by its JavaScript type; which fields a parser reads,
/// and how they are checked, is the parser's business (crates/nlroute-core/src/parsers/), so a
/// new parser needs nothing here. `undefined` values count as absent.
fn parser_options(env: &Env, spec: &Object) -> Result<ParserOptions> {
  let name = match spec.get_named_property::<Unknown>("name")? {
    value if value.get_type()? == ValueType::String => value.coerce_to_string()?.into_utf8()?.into_owned()?,
    value => {
      return Err(type_error(
        env,
        format!("spec.name must be a string, got {}", type_name(&value)?),
      ))
    }
  };
  let mut options = ParserOptions::new(name);
  let keys = spec.get_all_property_names(
    KeyCollectionMode::IncludePrototypes,
    KeyFilter::Enumerable,
    KeyConversion::NumbersToStrings,
  )?;
  for index in 0..keys.get_array_length()? {
    let key: String = keys.get_element(index)?;
    if key == "name" {
      continue;
    }
    let value: Unknown = spec.get_named_property(&key)?;
    let value = match value.get_type()? {
      ValueType::Undefined => continue,
      ValueType::Number => OptionValue::Number(value.coerce_to_number()?.get_double()?),
      ValueType::Boolean => OptionValue::Bool(value.coerce_to_bool()?),
      ValueType::String => OptionValue::Text(value.coerce_to_string()?.into_utf8()?.into_owned()?),
      // SAFETY: the value belongs to this call's env, and the slice is copied before it returns.
      ValueType::Object => match unsafe { Uint8ArraySlice::from_napi_value(env.raw(), value.raw()) } {
        Ok(bytes) => OptionValue::Bytes(bytes.to_vec()),
        Err(_) => OptionValue::Other(type_name(&value)?),
      },
      _ => OptionValue::Other(type_name(&value)?),
    };
    options.set(key, value);
  }
  Ok(options)
}

/// Each native parser's name and the fields its spec may hold besides `name`, as the core's
/// registry declares them; a test compares them with `NativeParserSpec` in src/native.ts.
#[napi]
pub fn native_parser_fields() -> HashMap<&'static str, Vec<&'static str>> {
  nlroute_core::parsers::parser_fields()
    .map(|(name, fields)| (name, fields.to_vec()))
    .collect()
}

/// The parser a spec names, or the TypeError/RangeError its options earn.
fn parser_from_spec(env: &Env, spec: &Object) -> Result<Box<dyn NativeParser>> {
  build_parser(&parser_options(env, spec)?).map_err(|error| {
    if error.is_type_error() {
      type_error(env, error.to_string())
    } else {
      range_error(env, error.to_string())
    }
  })
}

/// What [`run_native_parser`] made of a datagram: what a receive thread would hand over.
#[napi(object)]
pub struct NativeParserRun {
  /// The datagram as filtered (and rewritten) in place.
  pub datagram: Buffer,
  /// Its side text (the destination texts of compacted routes), absent for none.
  pub text: Option<String>,
}

/// Runs a native parser on one datagram outside any socket, as a receive thread runs it on the
/// replies carrying `sequenceNumber`, and returns what would be handed over. For tests: they run
/// the native parsers and the JavaScript decoders on the same bytes.
#[napi(catch_unwind)]
pub fn run_native_parser(
  env: Env,
  spec: Object,
  sequence_number: f64,
  datagram: Uint8Array,
) -> Result<NativeParserRun> {
  let seq = integer_argument(&env, "sequenceNumber", sequence_number, 0, u32::MAX)?;
  let mut registry = ParserRegistry::new();
  registry.insert(seq, parser_from_spec(&env, &spec)?);
  let mut bytes = datagram.to_vec();
  let mut text = Vec::new();
  registry.filter_datagram(&mut bytes, &mut text);
  Ok(NativeParserRun {
    datagram: bytes.into(),
    text: side_text(text),
  })
}

/// A JavaScript value's type as error messages name it (`typeof`, with null and arrays told apart).
fn type_name(value: &Unknown) -> Result<&'static str> {
  Ok(match value.get_type()? {
    ValueType::Undefined => "undefined",
    ValueType::Null => "null",
    ValueType::Boolean => "boolean",
    ValueType::Number => "number",
    ValueType::String => "string",
    ValueType::Symbol => "symbol",
    ValueType::Object if value.is_array()? => "an array",
    ValueType::Object => "object",
    ValueType::Function => "function",
    ValueType::BigInt => "bigint",
    _ => "an unknown value",
  })
}

#[napi]
impl NativeSocket {
  /// Opens a socket (inside `options.netns` if given) and starts its receive thread. `onBatch`
  /// receives one `NativeBatch` per `demand()`.
  #[napi(factory, catch_unwind)]
  pub fn open(env: Env, options: NativeOpenOptions, on_batch: Function<NativeBatch, ()>) -> Result<Self> {
    let socket_options = socket_options(&env, &options)?;
    let mode = receive_mode(&env, &options)?;
    let socket = match options.netns.as_deref() {
      Some(netns) => open_socket_in_namespace(netns, &socket_options),
      None => NetlinkSocket::open(&socket_options),
    }
    .map_err(|error| system_error(&env, &error))?;
    let (port_id, protocol) = (socket.port_id(), socket.protocol());

    let closed: ClosedFlag = Arc::new(AtomicBool::new(false));
    let on_batch = on_batch.create_ref()?;
    let closed_for_js = Arc::clone(&closed);
    let trampoline = env.create_function_from_closure::<(), (), _>("nlrouteDeliver", |_| Ok(()))?;
    let delivery: DeliveryFunction = trampoline
      .build_threadsafe_function::<nlroute_core::Delivery>()
      .weak::<true>()
      .callee_handled::<false>()
      .build_callback(move |context| {
        deliver_on_js_thread(&context.env, &closed_for_js, &on_batch, context.value);
        Ok(())
      })?;
    let delivery = Arc::new(Mutex::new(Some(delivery)));
    let sink = ThreadsafeSink {
      function: Arc::clone(&delivery),
    };
    let receiver = SocketReceiver::start(socket, ReceiverOptions { mode }, Box::new(sink))
      .map_err(|error| system_error(&env, &error))?;
    let injector = receiver.injector();
    let shared_socket = receiver
      .shared_socket()
      .ok_or_else(|| system_error(&env, &NlError::socket_closed()))?;
    let sender = Sender::new(shared_socket, Box::new(move |errors| injector.inject(errors)));
    Ok(NativeSocket {
      open: Some(OpenSocket {
        receiver,
        sender,
        delivery,
      }),
      closed,
      port_id,
      protocol,
    })
  }

  /// The port id (nl_pid) the kernel bound the socket to.
  #[napi(getter)]
  pub fn port_id(&self) -> u32 {
    self.port_id
  }

  /// The receive buffer the kernel granted, in bytes (what waits unread must fit in it; 0 once
  /// closed).
  #[napi(getter)]
  pub fn receive_buffer_size(&self) -> u32 {
    self.granted(NetlinkSocket::receive_buffer_size)
  }

  /// The send buffer the kernel granted, in bytes (0 once closed): one datagram must fit in it.
  #[napi(getter)]
  pub fn send_buffer_size(&self) -> u32 {
    self.granted(NetlinkSocket::send_buffer_size)
  }

  /// The netlink protocol number.
  #[napi(getter)]
  pub fn protocol(&self) -> u32 {
    self.protocol
  }

  /// Sends one datagram (one or more complete netlink messages) to the kernel, now when nothing
  /// waits in the background queue (errors are thrown with `errno` and `code`), otherwise behind
  /// what waits.
  #[napi(catch_unwind)]
  pub fn send(&self, env: Env, data: Uint8Array) -> Result<()> {
    let open = self.open_socket(&env)?;
    open.sender.send(&data).map_err(|error| system_error(&env, &error))
  }

  /// Queues one datagram for the sender thread, so the kernel's work runs on another core. Order
  /// with `send()` is kept. A failure reaches JS as an NLMSG_ERROR for each message, through
  /// `onBatch`.
  #[napi(catch_unwind)]
  pub fn send_in_background(&self, env: Env, data: Uint8Array) -> Result<()> {
    let open = self.open_socket(&env)?;
    open
      .sender
      .send_in_background(data.to_vec())
      .map_err(|error| system_error(&env, &error))
  }

  /// Direct mode, with no delivery outstanding: what already waits in the socket (up to
  /// `maxDatagrams`, default and at most 16), read now on this thread (the answer of a request
  /// just sent, usually), or null. Never blocks, never reorders with deliveries. A dump asks for
  /// one: each read of a dump in progress makes the kernel fill its next datagram inside it, work
  /// that belongs on the receive thread. The bytes are copied into memory V8 owns: a caller that
  /// loops on `await` never gives finalizers of external Buffers an event-loop turn to run in, so
  /// zero-copy Buffers here would grow without bound.
  #[napi(catch_unwind)]
  pub fn read_waiting(&self, env: Env, max_datagrams: Option<f64>) -> Result<Option<NativeBatch>> {
    let Some(receiver) = self.receiver() else {
      return Ok(None);
    };
    let max = integer_argument(
      &env,
      "maxDatagrams",
      max_datagrams.unwrap_or(f64::from(u32::MAX)),
      1,
      u32::MAX,
    )?;
    let datagrams = receiver.read_waiting(max as usize);
    if datagrams.is_empty() {
      return Ok(None);
    }
    to_batch(&env, nlroute_core::Delivery { datagrams, error: None }, Copy::Always).map(Some)
  }

  /// Asks for one delivery of received data through the `onBatch` given to `open()`. Does
  /// nothing once closed.
  #[napi(catch_unwind)]
  pub fn demand(&self) {
    if let Some(receiver) = self.receiver() {
      receiver.demand();
    }
  }

  /// Joins multicast group `group` (NETLINK_ADD_MEMBERSHIP; >= 1, groups above 32 too).
  #[napi(catch_unwind)]
  pub fn add_membership(&self, env: Env, group: f64) -> Result<()> {
    let group = integer_argument(&env, "group", group, 1, u32::MAX)?;
    let socket = self.joined_socket(&env)?;
    socket.add_membership(group).map_err(|error| system_error(&env, &error))
  }

  /// Leaves multicast group `group` (NETLINK_DROP_MEMBERSHIP).
  #[napi(catch_unwind)]
  pub fn drop_membership(&self, env: Env, group: f64) -> Result<()> {
    let group = integer_argument(&env, "group", group, 1, u32::MAX)?;
    let socket = self.joined_socket(&env)?;
    socket
      .drop_membership(group)
      .map_err(|error| system_error(&env, &error))
  }

  /// Runs the native parser `spec` names on the data messages carrying `sequenceNumber` (an
  /// invalid spec throws: TypeError or RangeError naming the field).
  #[napi(catch_unwind)]
  pub fn set_native_parser(&self, env: Env, sequence_number: f64, spec: Object) -> Result<()> {
    let seq = integer_argument(&env, "sequenceNumber", sequence_number, 0, u32::MAX)?;
    let parser = parser_from_spec(&env, &spec)?;
    self.open_socket(&env)?.receiver.set_parser(seq, parser);
    Ok(())
  }

  /// Stops filtering the replies carrying `sequenceNumber`.
  #[napi(catch_unwind)]
  pub fn clear_native_parser(&self, env: Env, sequence_number: f64) -> Result<()> {
    let seq = integer_argument(&env, "sequenceNumber", sequence_number, 0, u32::MAX)?;
    if let Some(receiver) = self.receiver() {
      receiver.clear_parser(seq);
    }
    Ok(())
  }

  /// Keeps the Node.js process alive while deliveries are awaited.
  #[napi(js_name = "ref", catch_unwind)]
  #[allow(deprecated)]
  pub fn keep_alive(&self, env: Env) -> Result<()> {
    match self.open.as_ref() {
      Some(open) => match open.delivery.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
        Some(function) => function.refer(&env),
        None => Ok(()),
      },
      None => Ok(()), // closed
    }
  }

  /// Lets the process exit while deliveries are awaited (the default).
  #[napi(catch_unwind)]
  #[allow(deprecated)]
  pub fn unref(&self, env: Env) -> Result<()> {
    match self.open.as_ref() {
      Some(open) => match open.delivery.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
        Some(function) => function.unref(&env),
        None => Ok(()),
      },
      None => Ok(()), // closed
    }
  }

  /// Counters since the socket was opened.
  #[napi(catch_unwind)]
  pub fn stats(&self) -> NativeSocketStats {
    let stats = self.receiver().map(SocketReceiver::stats).unwrap_or_default();
    NativeSocketStats {
      datagrams: stats.datagrams as f64,
      bytes: stats.bytes as f64,
      overflows: stats.overflows as f64,
      messages_dropped_by_native_parsers: stats.messages_dropped_by_native_parsers as f64,
      queued: stats.queued as f64,
    }
  }

  /// Stops the receive and sender threads and closes the netlink fd and the eventfd before it
  /// returns. Idempotent; no delivery follows.
  #[napi(catch_unwind)]
  pub fn close(&mut self) {
    self.shut_down();
  }
}

impl NativeSocket {
  fn joined_socket(&self, env: &Env) -> Result<&nlroute_core::NetlinkSocket> {
    self
      .receiver()
      .and_then(SocketReceiver::socket)
      .ok_or_else(|| system_error(env, &NlError::socket_closed()))
  }

  fn shut_down(&mut self) {
    self.closed.store(true, Ordering::Release);
    let Some(mut open) = self.open.take() else {
      return;
    };
    // The sender first: it may still inject into the receive side.
    open.sender.close();
    open.receiver.close();
    // The receive thread has ended, so this is the last holder: releasing the threadsafe function
    // lets Node exit even if it was ref()'d and frees `onBatch`.
    drop(open.delivery.lock().unwrap_or_else(PoisonError::into_inner).take());
    // Dropping the rest releases the last references to the socket fd and the eventfd.
    drop(open);
  }
}
