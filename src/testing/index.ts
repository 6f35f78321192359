/**
 * nlroute/testing: a fake netlink kernel, so code that uses nlroute is tested without root, a
 * network namespace or the native addon. Sockets opened on it are the main entry's own (its
 * classes, its errors); this entry holds only the fake, message builders and recordings.
 *
 * @module nlroute/testing
 */
export { FakeKernel, type Delivery, type Responder } from './fake-kernel'
export { openFakeIPRoute, openFakeSocket, type FakeKernelOptions, type FakeIPRoute, type FakeSocket } from './open'
export {
  attr,
  nlmsg,
  done,
  errorFor,
  ack,
  dumpAnswer,
  seqOf,
  typeOf,
  errnoNumber,
  type MessageSpec,
  type Errno,
  type ErrorOptions,
  type DoneOptions,
  type DumpAnswerOptions,
} from './messages'
export { readRecording, parseRecording, formatRecording, withSeq } from './recording'
