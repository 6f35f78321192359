//! nlroute-binding: the napi-rs adapter between JavaScript and nlroute-core.
//!
//! It only translates: JS option objects into core option structs, core deliveries into
//! `NativeBatch` objects (dump chunks as zero-copy external Buffers, small datagrams copied),
//! core errors into JS errors carrying `code` and `errno`. All socket, threading and filtering logic lives in nlroute-core. The doc comments of
//! the `#[napi]` items here are the contract's documentation: `npm run build:native` generates
//! src/binding.d.ts from them, and src/native.ts builds on that.

mod batch;
mod errors;
mod socket;

pub use batch::{NativeBatch, NativeBatchError};
pub use socket::{
  native_parser_fields, run_native_parser, NativeOpenOptions, NativeParserRun, NativeSocket, NativeSocketStats,
};
