//! `NetlinkSocket`: one AF_NETLINK socket of any protocol, with exact-size receives.
//!
//! It owns the file descriptor (closed exactly once, when the value is dropped) and every system
//! call made on it. Receiving never truncates: the size of the next datagram is learned first with
//! a `MSG_PEEK | MSG_TRUNC` probe, the caller supplies a buffer at least that big, and only then
//! is the datagram read. The multicast group of each datagram is reported from the
//! `NETLINK_PKTINFO` control message (which works for groups above 32), falling back to the
//! sender's `nl_groups` bitmask.
//!
//! Where neli 0.7 lacks what we need, libc is called directly:
//! - `recvmsg(MSG_PEEK | MSG_TRUNC)` with an empty iovec to size the next datagram, and `recvmsg`
//!   with a control buffer to read the `NETLINK_PKTINFO` cmsg (neli's `recv` uses a fixed buffer
//!   and discards ancillary data);
//! - `setsockopt(SOL_NETLINK, NETLINK_PKTINFO | NETLINK_NO_ENOBUFS | NETLINK_EXT_ACK |
//!   NETLINK_GET_STRICT_CHK | NETLINK_ADD/DROP_MEMBERSHIP)` for any group number (neli's group
//!   helpers stop at its own enums and do not expose PKTINFO/NO_ENOBUFS);
//! - `setsockopt(SOL_SOCKET, SO_RCVBUFFORCE/SO_SNDBUFFORCE)` with fallback to SO_RCVBUF/SO_SNDBUF;
//! - `socket(SOCK_RAW | SOCK_CLOEXEC)`, `bind` with `nl_pid = 0`, `getsockname` for the port id;
//! - `sendto` the kernel with EINTR retry; `setns` lives in `netns.rs`; `poll`/`eventfd` in
//!   `receive.rs`.

use std::mem;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::consts::{
  MAX_PROTOCOL, NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK,
  NETLINK_NO_ENOBUFS, NETLINK_PKTINFO, SOL_NETLINK,
};
use crate::error::NlError;

/// How to open a socket. `Default` gives NETLINK_ROUTE with kernel defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SocketOptions {
  /// Netlink protocol number (0..=31).
  pub protocol: u32,
  /// Receive buffer size in bytes (SO_RCVBUFFORCE, falling back to SO_RCVBUF).
  pub rcvbuf: Option<u32>,
  /// Send buffer size in bytes (SO_SNDBUFFORCE, falling back to SO_SNDBUF).
  pub sndbuf: Option<u32>,
  /// Enable NETLINK_EXT_ACK.
  pub ext_ack: bool,
  /// Enable NETLINK_GET_STRICT_CHK.
  pub strict_check: bool,
  /// Enable NETLINK_NO_ENOBUFS.
  pub no_enobufs: bool,
  /// Legacy multicast group bitmask given to bind() (groups 1..=32).
  pub groups: u32,
}

/// What one successful receive produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
  /// Bytes in the datagram (all of them are in the buffer).
  pub len: usize,
  /// Multicast group the datagram was sent to, 0 for unicast.
  pub group: u32,
}

/// Why a receive produced no datagram.
#[derive(Debug)]
pub enum RecvError {
  /// Non-blocking receive and nothing is queued.
  WouldBlock,
  /// ENOBUFS: the kernel dropped messages for this socket. The socket stays usable.
  Overflow,
  /// Any other failure.
  Failed(NlError),
}

/// Receive size offered to the kernel at least once per socket. The kernel sizes dump chunks by
/// the largest buffer ever passed to recvmsg on the socket (`max_recvmsg_len`, capped near 32 KiB);
/// exact-size reads alone would keep dumps in ~4 KiB datagrams, eight times as many deliveries.
pub const DUMP_CHUNK_HINT: usize = 32 * 1024;

/// An open, bound netlink socket.
#[derive(Debug)]
pub struct NetlinkSocket {
  fd: OwnedFd,
  protocol: u32,
  port_id: u32,
  /// The kernel has seen a recvmsg of at least [`DUMP_CHUNK_HINT`] bytes.
  chunk_hint_given: AtomicBool,
}

fn sockaddr_nl(groups: u32) -> libc::sockaddr_nl {
  // SAFETY: sockaddr_nl is plain old data; all-zero is a valid value.
  let mut address: libc::sockaddr_nl = unsafe { mem::zeroed() };
  address.nl_family = libc::AF_NETLINK as libc::sa_family_t;
  address.nl_pid = 0;
  address.nl_groups = groups;
  address
}

impl NetlinkSocket {
  /// Creates, configures and binds a socket in the calling thread's network namespace.
  pub fn open(options: &SocketOptions) -> Result<Self, NlError> {
    if options.protocol > MAX_PROTOCOL {
      return Err(NlError::new(
        libc::EINVAL,
        format!("netlink protocol {} is out of range 0..=31", options.protocol),
      ));
    }
    // SAFETY: plain syscall; the result is checked before use.
    let raw = unsafe {
      libc::socket(
        libc::AF_NETLINK,
        libc::SOCK_RAW | libc::SOCK_CLOEXEC,
        options.protocol as libc::c_int,
      )
    };
    if raw < 0 {
      return Err(NlError::last_os_error(format!(
        "socket(AF_NETLINK, protocol {})",
        options.protocol
      )));
    }
    // SAFETY: `raw` is a freshly created descriptor nobody else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    let mut socket = NetlinkSocket {
      fd,
      protocol: options.protocol,
      port_id: 0,
      chunk_hint_given: AtomicBool::new(false),
    };

    if let Some(bytes) = options.rcvbuf {
      socket.set_buffer_size(libc::SO_RCVBUFFORCE, libc::SO_RCVBUF, bytes, "rcvbuf")?;
    }
    if let Some(bytes) = options.sndbuf {
      socket.set_buffer_size(libc::SO_SNDBUFFORCE, libc::SO_SNDBUF, bytes, "sndbuf")?;
    }
    socket.set_netlink_flag(NETLINK_PKTINFO, true, "NETLINK_PKTINFO")?;
    if options.ext_ack {
      socket.set_netlink_flag(NETLINK_EXT_ACK, true, "NETLINK_EXT_ACK")?;
    }
    if options.strict_check {
      socket.set_netlink_flag(NETLINK_GET_STRICT_CHK, true, "NETLINK_GET_STRICT_CHK")?;
    }
    if options.no_enobufs {
      socket.set_netlink_flag(NETLINK_NO_ENOBUFS, true, "NETLINK_NO_ENOBUFS")?;
    }

    let address = sockaddr_nl(options.groups);
    // SAFETY: `address` is a valid sockaddr_nl of the size given.
    let rc = unsafe {
      libc::bind(
        socket.raw_fd(),
        (&address as *const libc::sockaddr_nl).cast(),
        mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
      )
    };
    if rc < 0 {
      return Err(NlError::last_os_error(format!(
        "bind(netlink, groups {:#x})",
        options.groups
      )));
    }
    socket.port_id = socket.read_port_id()?;
    Ok(socket)
  }

  /// The port id (nl_pid) the kernel assigned at bind time.
  pub fn port_id(&self) -> u32 {
    self.port_id
  }

  /// The receive buffer the kernel granted (SO_RCVBUF as read back: the kernel doubles what was
  /// asked for, within rmem_max unless forced), which bounds how many answers may wait unread.
  pub fn receive_buffer_size(&self) -> Result<usize, NlError> {
    self.buffer_size(libc::SO_RCVBUF, "getsockopt(SO_RCVBUF)")
  }

  /// The send buffer the kernel granted (SO_SNDBUF as read back), which bounds one datagram:
  /// netlink refuses a sendmsg longer than it less 32 bytes (EMSGSIZE).
  pub fn send_buffer_size(&self) -> Result<usize, NlError> {
    self.buffer_size(libc::SO_SNDBUF, "getsockopt(SO_SNDBUF)")
  }

  fn buffer_size(&self, option: libc::c_int, what: &str) -> Result<usize, NlError> {
    let mut value: libc::c_int = 0;
    let mut length = mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `length` are valid for writes of an int and its size.
    let rc = unsafe {
      libc::getsockopt(
        self.raw_fd(),
        libc::SOL_SOCKET,
        option,
        (&mut value as *mut libc::c_int).cast(),
        &mut length,
      )
    };
    if rc != 0 {
      return Err(NlError::from_io(&std::io::Error::last_os_error(), what));
    }
    Ok(value.max(0) as usize)
  }

  /// The netlink protocol number.
  pub fn protocol(&self) -> u32 {
    self.protocol
  }

  fn raw_fd(&self) -> RawFd {
    self.fd.as_raw_fd()
  }

  fn read_port_id(&self) -> Result<u32, NlError> {
    let mut address = sockaddr_nl(0);
    let mut length = mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    // SAFETY: `address`/`length` describe a writable sockaddr_nl.
    let rc = unsafe {
      libc::getsockname(
        self.raw_fd(),
        (&mut address as *mut libc::sockaddr_nl).cast(),
        &mut length,
      )
    };
    if rc < 0 {
      return Err(NlError::last_os_error("getsockname(netlink)"));
    }
    Ok(address.nl_pid)
  }

  fn set_int_option(&self, level: libc::c_int, name: libc::c_int, value: libc::c_int) -> std::io::Result<()> {
    // SAFETY: the option value is a c_int of the size given.
    let rc = unsafe {
      libc::setsockopt(
        self.raw_fd(),
        level,
        name,
        (&value as *const libc::c_int).cast(),
        mem::size_of::<libc::c_int>() as libc::socklen_t,
      )
    };
    if rc < 0 {
      Err(std::io::Error::last_os_error())
    } else {
      Ok(())
    }
  }

  fn set_netlink_flag(&self, name: libc::c_int, enabled: bool, label: &str) -> Result<(), NlError> {
    self
      .set_int_option(SOL_NETLINK, name, enabled as libc::c_int)
      .map_err(|err| NlError::from_io(&err, format!("setsockopt({label})")))
  }

  /// Tries the FORCE variant (root may exceed rmem_max/wmem_max), then the plain option.
  fn set_buffer_size(&self, force: libc::c_int, plain: libc::c_int, bytes: u32, label: &str) -> Result<(), NlError> {
    let value = bytes.min(i32::MAX as u32) as libc::c_int;
    match self.set_int_option(libc::SOL_SOCKET, force, value) {
      Ok(()) => Ok(()),
      Err(err) if err.raw_os_error() == Some(libc::EPERM) => self
        .set_int_option(libc::SOL_SOCKET, plain, value)
        .map_err(|err| NlError::from_io(&err, format!("setsockopt({label} = {bytes})"))),
      Err(err) => Err(NlError::from_io(&err, format!("setsockopt({label} = {bytes})"))),
    }
  }

  /// Joins multicast group `group` (any number >= 1, including groups above 32).
  pub fn add_membership(&self, group: u32) -> Result<(), NlError> {
    self.membership(NETLINK_ADD_MEMBERSHIP, group, "NETLINK_ADD_MEMBERSHIP")
  }

  /// Leaves multicast group `group`.
  pub fn drop_membership(&self, group: u32) -> Result<(), NlError> {
    self.membership(NETLINK_DROP_MEMBERSHIP, group, "NETLINK_DROP_MEMBERSHIP")
  }

  fn membership(&self, option: libc::c_int, group: u32, label: &str) -> Result<(), NlError> {
    if group == 0 {
      return Err(NlError::new(libc::EINVAL, format!("{label}: group must be >= 1")));
    }
    // SAFETY: the option value is a u32 of the size given.
    let rc = unsafe {
      libc::setsockopt(
        self.raw_fd(),
        SOL_NETLINK,
        option,
        (&group as *const u32).cast(),
        mem::size_of::<u32>() as libc::socklen_t,
      )
    };
    if rc < 0 {
      return Err(NlError::last_os_error(format!("setsockopt({label}, group {group})")));
    }
    Ok(())
  }

  /// Sends one datagram to the kernel (port 0, no groups). Retries on EINTR.
  pub fn send(&self, data: &[u8]) -> Result<usize, NlError> {
    let address = sockaddr_nl(0);
    loop {
      // SAFETY: `data` is a valid readable slice, `address` a valid sockaddr_nl.
      let sent = unsafe {
        libc::sendto(
          self.raw_fd(),
          data.as_ptr().cast(),
          data.len(),
          0,
          (&address as *const libc::sockaddr_nl).cast(),
          mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
        )
      };
      if sent >= 0 {
        return Ok(sent as usize);
      }
      let err = std::io::Error::last_os_error();
      if err.raw_os_error() != Some(libc::EINTR) {
        return Err(NlError::from_io(&err, format!("sendto(netlink, {} bytes)", data.len())));
      }
    }
  }

  /// Size of the next datagram, without consuming it.
  fn peek_size(&self, wait: bool) -> Result<usize, RecvError> {
    // SAFETY: an all-zero msghdr is valid: no name, no iovec, no control buffer.
    let mut header: libc::msghdr = unsafe { mem::zeroed() };
    let flags = libc::MSG_PEEK | libc::MSG_TRUNC | if wait { 0 } else { libc::MSG_DONTWAIT };
    let mut einvals = 0;
    loop {
      // SAFETY: `header` points at no buffers, so the kernel writes nothing but returns the size.
      let size = unsafe { libc::recvmsg(self.raw_fd(), &mut header, flags) };
      if size >= 0 {
        return Ok(size as usize);
      }
      match classify_recv_error("recvmsg(MSG_PEEK | MSG_TRUNC)", &mut einvals) {
        Some(err) => return Err(err),
        None => continue,
      }
    }
  }

  /// Receives one whole datagram.
  ///
  /// `buffer_for(size)` is called with the exact size of the pending datagram and must return a
  /// buffer to receive into (its capacity is grown if smaller). `wait` selects a blocking read;
  /// otherwise `RecvError::WouldBlock` is returned when nothing is pending.
  pub fn recv_with<B: AsMut<Vec<u8>>>(
    &self,
    wait: bool,
    buffer_for: impl FnOnce(usize) -> B,
  ) -> Result<(B, Received), RecvError> {
    let size = self.peek_size(wait)?;
    let mut buffer = buffer_for(self.read_size(size));
    let received = self.read_into(buffer.as_mut(), size)?;
    Ok((buffer, received))
  }

  /// Convenience form of [`recv_with`](Self::recv_with) that reuses one `Vec`.
  pub fn recv(&self, buffer: &mut Vec<u8>, wait: bool) -> Result<Received, RecvError> {
    let size = self.peek_size(wait)?;
    buffer.reserve(self.read_size(size));
    self.read_into(buffer, size)
  }

  /// Buffer size for a datagram of `size` bytes: the size itself, except that the first reads
  /// offer at least [`DUMP_CHUNK_HINT`] so the kernel builds full-size dump chunks.
  fn read_size(&self, size: usize) -> usize {
    if self.chunk_hint_given.load(Ordering::Relaxed) {
      size
    } else {
      size.max(DUMP_CHUNK_HINT)
    }
  }

  fn read_into(&self, buffer: &mut Vec<u8>, size: usize) -> Result<Received, RecvError> {
    buffer.clear();
    buffer.reserve(size.max(1));
    let mut sender = sockaddr_nl(0);
    let mut iov = libc::iovec {
      iov_base: buffer.as_mut_ptr().cast(),
      iov_len: buffer.capacity(),
    };
    // Room for one nl_pktinfo cmsg (u32) with ample slack; u64 keeps cmsghdr alignment.
    let mut control = [0u64; 8];
    // SAFETY: an all-zero msghdr is valid; the pointers filled in below outlive the call.
    let mut header: libc::msghdr = unsafe { mem::zeroed() };
    header.msg_name = (&mut sender as *mut libc::sockaddr_nl).cast();
    header.msg_namelen = mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    header.msg_iov = &mut iov;
    header.msg_iovlen = 1;
    header.msg_control = control.as_mut_ptr().cast();
    header.msg_controllen = mem::size_of_val(&control) as _;
    let mut einvals = 0;
    let received = loop {
      // SAFETY: every buffer in `header` is valid and writable for its stated length. The
      // datagram is already queued (peeked), so DONTWAIT never races with another reader here.
      let received = unsafe { libc::recvmsg(self.raw_fd(), &mut header, libc::MSG_DONTWAIT) };
      if received >= 0 {
        break received as usize;
      }
      match classify_recv_error("recvmsg(netlink)", &mut einvals) {
        Some(err) => return Err(err),
        None => continue,
      }
    };
    if header.msg_flags & libc::MSG_TRUNC != 0 {
      return Err(RecvError::Failed(NlError::new(
        libc::EMSGSIZE,
        format!(
          "netlink datagram truncated to {} bytes (peeked size {size})",
          buffer.capacity()
        ),
      )));
    }
    // SAFETY: the kernel initialised `received` bytes, which fit in the capacity (no MSG_TRUNC).
    unsafe { buffer.set_len(received) };
    if iov.iov_len >= DUMP_CHUNK_HINT {
      self.chunk_hint_given.store(true, Ordering::Relaxed);
    }
    let group = pktinfo_group(&header).unwrap_or_else(|| lowest_group(sender.nl_groups));
    Ok(Received { len: received, group })
  }
}

impl AsRawFd for NetlinkSocket {
  fn as_raw_fd(&self) -> RawFd {
    self.raw_fd()
  }
}

/// Consecutive EINVALs one read retries before reporting the error (see [`classify_recv_error`]).
const EINVAL_RETRIES: u32 = 8;

/// Maps errno after a failed recvmsg: `None` means retry.
///
/// EINTR, and EINVAL: netlink_recvmsg never rejects our arguments with EINVAL, but a recvmsg that
/// sees a dump running tries to continue it once it has taken its datagram. When the dump was a
/// small one that the kernel finished meanwhile inside the sendmsg that started it (on another
/// thread), that attempt finds no dump and the kernel sets EINVAL as the socket's error, which the
/// next recvmsg returns. Nothing is lost (the datagrams stay queued) and returning the error cleared
/// it, so the read is made again; `einvals` bounds the retries, so that an EINVAL with another cause
/// is reported instead of retried forever.
fn classify_recv_error(context: &str, einvals: &mut u32) -> Option<RecvError> {
  let err = std::io::Error::last_os_error();
  match err.raw_os_error() {
    Some(libc::EINTR) => None,
    Some(libc::EINVAL) if *einvals < EINVAL_RETRIES => {
      *einvals += 1;
      None
    }
    Some(code) if code == libc::EAGAIN || code == libc::EWOULDBLOCK => Some(RecvError::WouldBlock),
    Some(libc::ENOBUFS) => Some(RecvError::Overflow),
    _ => Some(RecvError::Failed(NlError::from_io(&err, context))),
  }
}

/// The group from a `NETLINK_PKTINFO` control message, if the kernel attached one (0 = unicast).
fn pktinfo_group(header: &libc::msghdr) -> Option<u32> {
  // SAFETY: `header` was filled by recvmsg; CMSG_* walk only within msg_control/msg_controllen.
  unsafe {
    let mut cmsg = libc::CMSG_FIRSTHDR(header);
    while !cmsg.is_null() {
      if (*cmsg).cmsg_level == SOL_NETLINK
        && (*cmsg).cmsg_type == NETLINK_PKTINFO
        && (*cmsg).cmsg_len as usize >= libc::CMSG_LEN(mem::size_of::<u32>() as u32) as usize
      {
        return Some(std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<u32>()));
      }
      cmsg = libc::CMSG_NXTHDR(header, cmsg);
    }
  }
  None
}

/// Lowest set bit of a legacy group bitmask, as a 1-based group number (0 when none).
fn lowest_group(groups: u32) -> u32 {
  if groups == 0 {
    0
  } else {
    groups.trailing_zeros() + 1
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn lowest_group_is_one_based() {
    assert_eq!(lowest_group(0), 0);
    assert_eq!(lowest_group(1), 1);
    assert_eq!(lowest_group(0b1000_0100), 3);
    assert_eq!(lowest_group(1 << 31), 32);
  }

  #[test]
  fn protocol_out_of_range_is_einval() {
    let err = NetlinkSocket::open(&SocketOptions {
      protocol: 32,
      ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.errno, libc::EINVAL);
  }
}
