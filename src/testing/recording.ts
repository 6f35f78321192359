/**
 * Recordings: datagrams a real kernel sent, saved to replay through the fake kernel. The format is
 * the one __test__/fixtures/record.py writes: for each datagram, its length (u32 little-endian)
 * then its bytes.
 */
import { readFileSync } from 'node:fs'
import { align4, constants } from '../index'

/** The datagrams of the recording at `path`, in the order they were received. */
export function readRecording(path: string): Buffer[] {
  return parseRecording(readFileSync(path))
}

/** The datagrams of a recording already in memory. Throws when the last one is cut short. */
export function parseRecording(data: Buffer): Buffer[] {
  const datagrams: Buffer[] = []
  for (let at = 0; at < data.length;) {
    const length = data.readUInt32LE(at)
    if (at + 4 + length > data.length) throw new RangeError(`recording cut short: a datagram of ${length} bytes at offset ${at}, ${data.length - at - 4} left`)
    datagrams.push(Buffer.from(data.subarray(at + 4, at + 4 + length)))
    at += 4 + length
  }
  return datagrams
}

/** Encodes datagrams as a recording (what {@link parseRecording} reads back). */
export function formatRecording(datagrams: Iterable<Uint8Array>): Buffer {
  const parts: Buffer[] = []
  for (const datagram of datagrams) {
    const length = Buffer.alloc(4)
    length.writeUInt32LE(datagram.length)
    parts.push(length, Buffer.from(datagram))
  }
  return Buffer.concat(parts)
}

/**
 * A copy of `datagram` with every message's sequence number set to `seq`: a recording carries the
 * recorder's numbers, a replay must carry those of the request it answers.
 */
export function withSeq(datagram: Uint8Array, seq: number): Buffer {
  const out = Buffer.from(datagram)
  for (let at = 0; at + constants.NLMSG_HDRLEN <= out.length;) {
    const length = out.readUInt32LE(at)
    out.writeUInt32LE(seq, at + 8)
    if (length < constants.NLMSG_HDRLEN) break
    at += align4(length)
  }
  return out
}
