//! nlroute-binding: the napi-rs adapter between JavaScript and nlroute-core.
//!
//! It only translates: JS option objects into core option structs, core deliveries into
//! `NativeBatch` objects (dump chunks as zero-copy external Buffers, small datagrams copied),
//! core errors into JS errors carrying `code` and `errno`. All socket, threading and filtering logic lives in nlroute-core. The contract this
//! crate implements is `src/native.ts`.

mod batch;
mod errors;
mod socket;

pub use batch::{NativeBatch, NativeBatchError};
pub use socket::{native_parser_fields, NativeOpenOptions, NativeSocket, NativeSocketStats};
