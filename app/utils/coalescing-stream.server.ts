import { Transform, type TransformCallback } from 'node:stream'

/**
 * React writes a page in pieces of about 2 kB, and React Router flushes the response after each, so the
 * compression stream would close a block 60 times for a 120 kB page. This joins what React writes in one
 * turn of the event loop into one piece: the shell leaves in one write, and anything that streams in later
 * (a suspended part) still leaves as soon as it is rendered.
 */
export class CoalescingStream extends Transform {
  private pending: Buffer[] = []
  private scheduled = false

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pending.push(chunk)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.release())
    }
    done()
  }

  override _flush(done: TransformCallback) {
    this.release()
    done()
  }

  private release() {
    this.scheduled = false
    if (this.pending.length === 0) return
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
    this.pending = []
    this.push(joined)
  }
}
