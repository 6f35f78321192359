/**
 * One call to a socket on a fake kernel: `openFakeIPRoute` and `openFakeSocket` make the kernel,
 * open the library's socket on it and hand both back, so a test reads as "given these answers,
 * my code does this".
 */
import { IPRoute, NetlinkSocket, type IPRouteOptions, type NetlinkSocketOptions } from '../index'
import { FakeKernel, type Responder } from './fake-kernel'

/** What the openers take besides the socket's own options. */
export interface FakeKernelOptions {
  /** The kernel's answers (see {@link FakeKernel.respond}); may also be set on the kernel later. */
  respond?: Responder
  /** A kernel to open the socket on, instead of a new one. */
  kernel?: FakeKernel
}

/** An IPRoute on a fake kernel, and the kernel. */
export interface FakeIPRoute {
  /** The library's IPRoute, as `IPRoute.open` gives it, talking to `kernel`. */
  ipr: IPRoute
  /** The fake kernel the socket is open on. */
  kernel: FakeKernel
}

/** A NetlinkSocket on a fake kernel, and the kernel. */
export interface FakeSocket {
  /** The library's NetlinkSocket, as `NetlinkSocket.open` gives it, talking to `kernel`. */
  socket: NetlinkSocket
  /** The fake kernel the socket is open on. */
  kernel: FakeKernel
}

function kernelFor({ respond, kernel = new FakeKernel() }: FakeKernelOptions): FakeKernel {
  if (respond !== undefined) kernel.respond = respond
  return kernel
}

/**
 * Opens an IPRoute on a fake kernel: `IPRoute.open(options, kernel.opener)`. Every option of
 * `IPRoute.open` is accepted (and checked) as there; `respond` and `kernel` are the fake's.
 */
export async function openFakeIPRoute(options: IPRouteOptions & FakeKernelOptions = {}): Promise<FakeIPRoute> {
  const { respond, kernel: given, ...socketOptions } = options
  const kernel = kernelFor({ respond, kernel: given })
  return { ipr: await IPRoute.open(socketOptions, kernel.opener), kernel }
}

/**
 * Opens a NetlinkSocket on a fake kernel: `NetlinkSocket.open(options, kernel.opener)`, for code
 * that speaks a protocol of its own (generic netlink, sock_diag, ...).
 */
export async function openFakeSocket(options: NetlinkSocketOptions & FakeKernelOptions = {}): Promise<FakeSocket> {
  const { respond, kernel: given, ...socketOptions } = options
  const kernel = kernelFor({ respond, kernel: given })
  return { socket: await NetlinkSocket.open(socketOptions, kernel.opener), kernel }
}
