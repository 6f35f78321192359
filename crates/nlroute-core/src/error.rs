//! The error type of every fallible system operation in nlroute-core.
//!
//! JavaScript callers need three things from a failure: the numeric errno, its symbolic code
//! (`ENOENT`, `EBADF`, ...) and a message naming what was being done. `std::io::Error` keeps only
//! one of "errno" or "custom message", so we carry both explicitly.

use std::fmt;
use std::io;

/// A failed system operation: errno plus a human-readable description of what failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NlError {
  /// The errno value (positive), or 0 when the failure has no errno (e.g. a receive-thread panic).
  pub errno: i32,
  /// What was being attempted, e.g. `"setns(/run/netns/x)"`.
  pub context: String,
}

impl NlError {
  /// Builds an error from an errno value and a description of the failed operation.
  pub fn new(errno: i32, context: impl Into<String>) -> Self {
    NlError {
      errno,
      context: context.into(),
    }
  }

  /// Captures `errno` of the calling thread right after a failed libc call.
  pub fn last_os_error(context: impl Into<String>) -> Self {
    Self::from_io(&io::Error::last_os_error(), context)
  }

  /// Converts an `io::Error` (keeping its errno when it has one; EIO otherwise).
  pub fn from_io(err: &io::Error, context: impl Into<String>) -> Self {
    NlError {
      errno: err.raw_os_error().unwrap_or(libc::EIO),
      context: context.into(),
    }
  }

  /// EBADF for an operation on a socket that was closed.
  pub fn socket_closed() -> Self {
    NlError::new(libc::EBADF, "netlink socket is closed")
  }

  /// Symbolic name of the errno (`"ENOENT"`), `"EUNKNOWN"` when not in our table.
  pub fn code(&self) -> &'static str {
    errno_code(self.errno)
  }

  /// `"<context>: <strerror text>"`, the message shown to JavaScript after the code.
  pub fn message(&self) -> String {
    if self.errno == 0 {
      return self.context.clone();
    }
    format!("{}: {}", self.context, strerror(self.errno))
  }
}

impl fmt::Display for NlError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{}: {} (errno {})", self.code(), self.message(), self.errno)
  }
}

impl std::error::Error for NlError {}

/// The C library's description of `errno`, without Rust's " (os error N)" suffix.
pub fn strerror(errno: i32) -> String {
  let text = io::Error::from_raw_os_error(errno).to_string();
  match text.rfind(" (os error ") {
    Some(end) => text[..end].to_string(),
    None => text,
  }
}

/// Maps an errno value to the symbolic name Node.js uses in `err.code`.
pub fn errno_code(errno: i32) -> &'static str {
  match errno {
    libc::EPERM => "EPERM",
    libc::ENOENT => "ENOENT",
    libc::ESRCH => "ESRCH",
    libc::EINTR => "EINTR",
    libc::EIO => "EIO",
    libc::ENXIO => "ENXIO",
    libc::E2BIG => "E2BIG",
    libc::EBADF => "EBADF",
    libc::EAGAIN => "EAGAIN",
    libc::ENOMEM => "ENOMEM",
    libc::EACCES => "EACCES",
    libc::EFAULT => "EFAULT",
    libc::EBUSY => "EBUSY",
    libc::EEXIST => "EEXIST",
    libc::ENODEV => "ENODEV",
    libc::ENOTDIR => "ENOTDIR",
    libc::EINVAL => "EINVAL",
    libc::ENFILE => "ENFILE",
    libc::EMFILE => "EMFILE",
    libc::ENOSPC => "ENOSPC",
    libc::ERANGE => "ERANGE",
    libc::EMSGSIZE => "EMSGSIZE",
    libc::ENOPROTOOPT => "ENOPROTOOPT",
    libc::EPROTONOSUPPORT => "EPROTONOSUPPORT",
    libc::EOPNOTSUPP => "EOPNOTSUPP",
    libc::EAFNOSUPPORT => "EAFNOSUPPORT",
    libc::EADDRINUSE => "EADDRINUSE",
    libc::EADDRNOTAVAIL => "EADDRNOTAVAIL",
    libc::ENETDOWN => "ENETDOWN",
    libc::ENETUNREACH => "ENETUNREACH",
    libc::ECONNREFUSED => "ECONNREFUSED",
    libc::ENOBUFS => "ENOBUFS",
    libc::ENOTCONN => "ENOTCONN",
    libc::ETIMEDOUT => "ETIMEDOUT",
    libc::ENOTSOCK => "ENOTSOCK",
    libc::ESOCKTNOSUPPORT => "ESOCKTNOSUPPORT",
    libc::EPROTO => "EPROTO",
    libc::ENODATA => "ENODATA",
    libc::EOVERFLOW => "EOVERFLOW",
    libc::ENOSYS => "ENOSYS",
    _ => "EUNKNOWN",
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn display_names_code_and_errno() {
    let err = NlError::new(libc::ENOENT, "no such network namespace /run/netns/x");
    assert_eq!(err.code(), "ENOENT");
    let text = err.to_string();
    assert!(
      text.starts_with("ENOENT: no such network namespace /run/netns/x"),
      "{text}"
    );
    assert!(text.ends_with("(errno 2)"), "{text}");
  }
}
