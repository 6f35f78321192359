//! JavaScript errors thrown by the binding.
//!
//! System failures become `Error` objects shaped like Node's own (`code: 'ENOENT'`, numeric
//! `errno`, message starting with the code); argument problems become `TypeError`/`RangeError`
//! with Node's `ERR_INVALID_ARG_TYPE`/`ERR_OUT_OF_RANGE` codes and a message naming the argument.

use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, Error, JsError, JsRangeError, JsTypeError, Result};
use nlroute_core::NlError;

/// Error object for a failed system operation: `code`, `errno` and `"<CODE>: <message>"`.
pub(crate) fn system_error(env: &Env, error: &NlError) -> Error {
  let message = format!("{}: {}", error.code(), error.message());
  let build = || -> Result<Error> {
    let value = JsError::from(Error::new(error.code(), &message)).into_unknown(*env);
    let mut object = value.coerce_to_object()?;
    object.set_named_property("errno", error.errno)?;
    Ok(Error::from(object.to_unknown()))
  };
  build().unwrap_or_else(|_| Error::from_reason(message))
}

/// `TypeError` with code `ERR_INVALID_ARG_TYPE`.
pub(crate) fn type_error(env: &Env, message: impl Into<String>) -> Error {
  let error = Error::new("ERR_INVALID_ARG_TYPE".to_string(), message.into());
  Error::from(JsTypeError::from(error).into_unknown(*env))
}

/// `RangeError` with code `ERR_OUT_OF_RANGE`.
pub(crate) fn range_error(env: &Env, message: impl Into<String>) -> Error {
  let error = Error::new("ERR_OUT_OF_RANGE".to_string(), message.into());
  Error::from(JsRangeError::from(error).into_unknown(*env))
}

/// Checks that a JS number is an integer in `min..=max`; names `argument` in the error.
pub(crate) fn integer_argument(env: &Env, argument: &str, value: f64, min: u32, max: u32) -> Result<u32> {
  if !value.is_finite() || value.fract() != 0.0 {
    return Err(type_error(env, format!("{argument} must be an integer, got {value}")));
  }
  if value < f64::from(min) || value > f64::from(max) {
    return Err(range_error(
      env,
      format!("{argument} must be in {min}..={max}, got {value}"),
    ));
  }
  Ok(value as u32)
}
