/**
 * Netlink protocol constants shared by every family: message types, header flags, socket-level
 * numbers, and the Linux errno table used to give kernel errors their symbolic codes.
 * Family-specific constants live with their family (src/iproute/constants.ts, ...).
 */

/** Netlink protocols (the third argument to socket(AF_NETLINK, ...)). */
export const NETLINK_ROUTE = 0
/** Socket diagnostics (`ss`): TCP, UDP and UNIX sockets. */
export const NETLINK_SOCK_DIAG = 4
/** Generic netlink: families such as nlctrl, ethtool and devlink, resolved by name. */
export const NETLINK_GENERIC = 16

/** Protocol names accepted by `NetlinkSocket.open({ protocol })`. */
export const PROTOCOLS: Readonly<Record<string, number>> = Object.freeze({
  route: NETLINK_ROUTE,
  sock_diag: NETLINK_SOCK_DIAG,
  sockDiag: NETLINK_SOCK_DIAG,
  generic: NETLINK_GENERIC,
})

// What the Rust core uses too (the header size, the message types and its flags) is generated
// from the core's constants, in src/generated/netlink.ts.
export {
  NLMSG_HDRLEN,
  NLMSG_NOOP,
  NLMSG_ERROR,
  NLMSG_DONE,
  NLMSG_OVERRUN,
  NLMSG_MIN_TYPE,
  NLM_F_REQUEST,
  NLM_F_MULTI,
  NLM_F_ACK,
  NLM_F_DUMP_INTR,
  NLM_F_DUMP_FILTERED,
  NLM_F_ROOT,
  NLM_F_MATCH,
  NLM_F_DUMP,
} from './generated/netlink'

/** Asks the kernel to echo the change back to this socket as a notification. */
export const NLM_F_ECHO = 0x08
/** GET: an atomic snapshot (needs CAP_NET_ADMIN; rarely honoured). */
export const NLM_F_ATOMIC = 0x400
/** NEW requests. */
export const NLM_F_REPLACE = 0x100
/** NEW: fail with EEXIST if the object already exists. */
export const NLM_F_EXCL = 0x200
/** NEW: create the object if it does not exist. */
export const NLM_F_CREATE = 0x400
/** NEW: add at the end of the list (e.g. another route to the same prefix). */
export const NLM_F_APPEND = 0x800
/** Flags on NLMSG_ERROR acks. */
export const NLM_F_CAPPED = 0x100
/** On an ack: extended-ack attributes follow the echoed header. */
export const NLM_F_ACK_TLVS = 0x200

/** Extended-ack attributes (enum nlmsgerr_attrs). */
export const NLMSGERR_ATTR_MSG = 1
/** Offset, in the request, of the attribute the error is about. */
export const NLMSGERR_ATTR_OFFS = 2
/** An arbitrary cookie the kernel returns on success. */
export const NLMSGERR_ATTR_COOKIE = 3
/** The attribute policy the request broke. */
export const NLMSGERR_ATTR_POLICY = 4
/** Type of a missing required attribute. */
export const NLMSGERR_ATTR_MISS_TYPE = 5
/** Offset of the nest that lacks the missing attribute. */
export const NLMSGERR_ATTR_MISS_NEST = 6

/** No buffer space: the receive buffer overflowed (and the errno of NLMSG_OVERRUN). */
export const ENOBUFS = 105

/** Linux errno numbers to their symbolic names. */
export const ERRNO_CODES: Readonly<Record<number, string>> = Object.freeze({
  1: 'EPERM',
  2: 'ENOENT',
  3: 'ESRCH',
  4: 'EINTR',
  5: 'EIO',
  6: 'ENXIO',
  7: 'E2BIG',
  8: 'ENOEXEC',
  9: 'EBADF',
  10: 'ECHILD',
  11: 'EAGAIN',
  12: 'ENOMEM',
  13: 'EACCES',
  14: 'EFAULT',
  15: 'ENOTBLK',
  16: 'EBUSY',
  17: 'EEXIST',
  18: 'EXDEV',
  19: 'ENODEV',
  20: 'ENOTDIR',
  21: 'EISDIR',
  22: 'EINVAL',
  23: 'ENFILE',
  24: 'EMFILE',
  25: 'ENOTTY',
  26: 'ETXTBSY',
  27: 'EFBIG',
  28: 'ENOSPC',
  29: 'ESPIPE',
  30: 'EROFS',
  31: 'EMLINK',
  32: 'EPIPE',
  33: 'EDOM',
  34: 'ERANGE',
  35: 'EDEADLK',
  36: 'ENAMETOOLONG',
  37: 'ENOLCK',
  38: 'ENOSYS',
  39: 'ENOTEMPTY',
  40: 'ELOOP',
  42: 'ENOMSG',
  43: 'EIDRM',
  44: 'ECHRNG',
  45: 'EL2NSYNC',
  46: 'EL3HLT',
  47: 'EL3RST',
  48: 'ELNRNG',
  49: 'EUNATCH',
  50: 'ENOCSI',
  51: 'EL2HLT',
  52: 'EBADE',
  53: 'EBADR',
  54: 'EXFULL',
  55: 'ENOANO',
  56: 'EBADRQC',
  57: 'EBADSLT',
  59: 'EBFONT',
  60: 'ENOSTR',
  61: 'ENODATA',
  62: 'ETIME',
  63: 'ENOSR',
  64: 'ENONET',
  65: 'ENOPKG',
  66: 'EREMOTE',
  67: 'ENOLINK',
  68: 'EADV',
  69: 'ESRMNT',
  70: 'ECOMM',
  71: 'EPROTO',
  72: 'EMULTIHOP',
  73: 'EDOTDOT',
  74: 'EBADMSG',
  75: 'EOVERFLOW',
  76: 'ENOTUNIQ',
  77: 'EBADFD',
  78: 'EREMCHG',
  79: 'ELIBACC',
  80: 'ELIBBAD',
  81: 'ELIBSCN',
  82: 'ELIBMAX',
  83: 'ELIBEXEC',
  84: 'EILSEQ',
  85: 'ERESTART',
  86: 'ESTRPIPE',
  87: 'EUSERS',
  88: 'ENOTSOCK',
  89: 'EDESTADDRREQ',
  90: 'EMSGSIZE',
  91: 'EPROTOTYPE',
  92: 'ENOPROTOOPT',
  93: 'EPROTONOSUPPORT',
  94: 'ESOCKTNOSUPPORT',
  95: 'EOPNOTSUPP',
  96: 'EPFNOSUPPORT',
  97: 'EAFNOSUPPORT',
  98: 'EADDRINUSE',
  99: 'EADDRNOTAVAIL',
  100: 'ENETDOWN',
  101: 'ENETUNREACH',
  102: 'ENETRESET',
  103: 'ECONNABORTED',
  104: 'ECONNRESET',
  105: 'ENOBUFS',
  106: 'EISCONN',
  107: 'ENOTCONN',
  108: 'ESHUTDOWN',
  109: 'ETOOMANYREFS',
  110: 'ETIMEDOUT',
  111: 'ECONNREFUSED',
  112: 'EHOSTDOWN',
  113: 'EHOSTUNREACH',
  114: 'EALREADY',
  115: 'EINPROGRESS',
  116: 'ESTALE',
  117: 'EUCLEAN',
  118: 'ENOTNAM',
  119: 'ENAVAIL',
  120: 'EISNAM',
  121: 'EREMOTEIO',
  122: 'EDQUOT',
  123: 'ENOMEDIUM',
  124: 'EMEDIUMTYPE',
  125: 'ECANCELED',
  126: 'ENOKEY',
  127: 'EKEYEXPIRED',
  128: 'EKEYREVOKED',
  129: 'EKEYREJECTED',
  130: 'EOWNERDEAD',
  131: 'ENOTRECOVERABLE',
  132: 'ERFKILL',
  133: 'EHWPOISON',
  // Kernel-internal numbers (include/linux/errno.h), "never seen by user programs", yet some
  // drivers let ENOTSUPP and EPROBE_DEFER leak out through netlink.
  512: 'ERESTARTSYS',
  513: 'ERESTARTNOINTR',
  514: 'ERESTARTNOHAND',
  515: 'ENOIOCTLCMD',
  516: 'ERESTART_RESTARTBLOCK',
  517: 'EPROBE_DEFER',
  518: 'EOPENSTALE',
  519: 'ENOPARAM',
  521: 'EBADHANDLE',
  522: 'ENOTSYNC',
  523: 'EBADCOOKIE',
  524: 'ENOTSUPP',
  525: 'ETOOSMALL',
  526: 'ESERVERFAULT',
  527: 'EBADTYPE',
  528: 'EJUKEBOX',
  529: 'EIOCBQUEUED',
  530: 'ERECALLCONFLICT',
  531: 'ENOGRACE',
})

/**
 * strerror(3) texts (glibc's wording) of the errnos netlink answers commonly carry, for messages
 * shown to people such as the CLI's `RTNETLINK answers: File exists` (Node has no strerror).
 * Numbers missing here read as glibc's fallback, `Unknown error N` (see errnoMessage).
 */
export const ERRNO_MESSAGES: Readonly<Record<number, string>> = Object.freeze({
  1: 'Operation not permitted',
  2: 'No such file or directory',
  3: 'No such process',
  4: 'Interrupted system call',
  5: 'Input/output error',
  6: 'No such device or address',
  7: 'Argument list too long',
  9: 'Bad file descriptor',
  11: 'Resource temporarily unavailable',
  12: 'Cannot allocate memory',
  13: 'Permission denied',
  14: 'Bad address',
  16: 'Device or resource busy',
  17: 'File exists',
  18: 'Invalid cross-device link',
  19: 'No such device',
  20: 'Not a directory',
  21: 'Is a directory',
  22: 'Invalid argument',
  23: 'Too many open files in system',
  24: 'Too many open files',
  27: 'File too large',
  28: 'No space left on device',
  31: 'Too many links',
  32: 'Broken pipe',
  33: 'Numerical argument out of domain',
  34: 'Numerical result out of range',
  35: 'Resource deadlock avoided',
  36: 'File name too long',
  38: 'Function not implemented',
  39: 'Directory not empty',
  40: 'Too many levels of symbolic links',
  42: 'No message of desired type',
  61: 'No data available',
  62: 'Timer expired',
  71: 'Protocol error',
  74: 'Bad message',
  75: 'Value too large for defined data type',
  90: 'Message too long',
  92: 'Protocol not available',
  93: 'Protocol not supported',
  95: 'Operation not supported',
  97: 'Address family not supported by protocol',
  98: 'Address already in use',
  99: 'Cannot assign requested address',
  100: 'Network is down',
  101: 'Network is unreachable',
  105: 'No buffer space available',
  110: 'Connection timed out',
  113: 'No route to host',
  114: 'Operation already in progress',
  115: 'Operation now in progress',
  122: 'Disk quota exceeded',
  125: 'Operation canceled',
})

/** The strerror(3) text of an errno (its magnitude, as errnoCode reads it): 'File exists' for 17. */
export function errnoMessage(errno: number): string {
  const n = Number.isInteger(errno) ? Math.abs(errno) : errno
  return ERRNO_MESSAGES[n] ?? `Unknown error ${n}`
}

/** The `code` of an errno no name fits: 0, numbers the table does not know, non-integers. */
export const UNKNOWN_ERRNO_CODE = 'EUNKNOWN'

/**
 * The symbolic name of an errno (the `code` of NetlinkError): 'EEXIST' for 17.
 * Kernels send the error of an NLMSG_ERROR as -errno, so a well-formed one arrives here positive.
 * Some netlink subsystems have sent it with the other sign (libmnl reads either); a negative number
 * is named by its magnitude ('EIO' for -5). Anything else, from 0 to 2^31 (an error field of
 * INT_MIN), gets UNKNOWN_ERRNO_CODE: `code` stays a name to branch on and never a made-up one,
 * while `errno` keeps the number the kernel sent.
 */
export function errnoCode(errno: number): string {
  if (!Number.isInteger(errno)) return UNKNOWN_ERRNO_CODE
  return ERRNO_CODES[Math.abs(errno)] ?? UNKNOWN_ERRNO_CODE
}

/** The largest in-flight window of non-dump requests (protocol/outbox.ts): a caller keeping this many submitted always fills the window. */
export const MAX_IN_FLIGHT = 1024
