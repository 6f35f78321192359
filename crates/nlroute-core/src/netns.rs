//! Opening sockets inside another network namespace without moving any long-lived thread.
//!
//! A socket belongs to the namespace of the thread that created it, and `setns()` changes only
//! the calling thread. So we spawn a short-lived thread, move it into the namespace, create the
//! socket there and hand the descriptor back; the thread (and its namespace) then ends. The
//! JavaScript thread and the receive threads never change namespace.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::PathBuf;

use crate::error::NlError;
use crate::socket::{NetlinkSocket, SocketOptions};

/// Directory where `ip netns add NAME` bind-mounts named namespaces.
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// Resolves a namespace argument: an absolute path is used as is, anything else is a name under
/// `/run/netns` (which must not contain `/` or be `.`/`..`).
pub fn namespace_path(netns: &str) -> Result<PathBuf, NlError> {
  if netns.starts_with('/') {
    return Ok(PathBuf::from(netns));
  }
  if netns.is_empty() || netns == "." || netns == ".." || netns.contains('/') || netns.contains('\0') {
    return Err(NlError::new(
      libc::EINVAL,
      format!("invalid network namespace name {netns:?}"),
    ));
  }
  Ok(PathBuf::from(NETNS_RUN_DIR).join(netns))
}

/// Runs `work` on a fresh thread that first joins the network namespace `netns`.
pub fn run_in_namespace<T, F>(netns: &str, work: F) -> Result<T, NlError>
where
  T: Send + 'static,
  F: FnOnce() -> Result<T, NlError> + Send + 'static,
{
  let path = namespace_path(netns)?;
  let shown = path.display().to_string();
  let thread = std::thread::Builder::new()
    .name("nlroute-netns".into())
    .spawn(move || -> Result<T, NlError> {
      let namespace = File::open(&path).map_err(|err| {
        if err.raw_os_error() == Some(libc::ENOENT) {
          NlError::new(libc::ENOENT, format!("no such network namespace {}", path.display()))
        } else {
          NlError::from_io(&err, format!("open({})", path.display()))
        }
      })?;
      // SAFETY: plain syscall on a descriptor we own; affects only this short-lived thread.
      if unsafe { libc::setns(namespace.as_raw_fd(), libc::CLONE_NEWNET) } < 0 {
        return Err(NlError::last_os_error(format!(
          "setns({}, CLONE_NEWNET)",
          path.display()
        )));
      }
      work()
    })
    .map_err(|err| NlError::from_io(&err, "spawning the network namespace thread"))?;
  thread.join().unwrap_or_else(|_| {
    Err(NlError::new(
      0,
      format!("network namespace thread for {shown} panicked"),
    ))
  })
}

/// Opens a netlink socket inside `netns` (a name under /run/netns or an absolute path).
pub fn open_socket_in_namespace(netns: &str, options: &SocketOptions) -> Result<NetlinkSocket, NlError> {
  let options = options.clone();
  run_in_namespace(netns, move || NetlinkSocket::open(&options))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn names_resolve_under_run_netns() {
    assert_eq!(namespace_path("blue").unwrap(), PathBuf::from("/run/netns/blue"));
    assert_eq!(
      namespace_path("/proc/1/ns/net").unwrap(),
      PathBuf::from("/proc/1/ns/net")
    );
    assert_eq!(namespace_path("a/b").unwrap_err().errno, libc::EINVAL);
    assert_eq!(namespace_path("..").unwrap_err().errno, libc::EINVAL);
  }

  #[test]
  fn missing_namespace_is_enoent_naming_the_path() {
    let err = open_socket_in_namespace("nlroute-does-not-exist", &SocketOptions::default()).unwrap_err();
    assert_eq!(err.errno, libc::ENOENT);
    assert!(err.context.contains("/run/netns/nlroute-does-not-exist"), "{err}");
  }
}
