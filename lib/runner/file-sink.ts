/**
 * Where a runner hands each output file as it reads it, so no file is ever held whole in memory.
 * `accept` consumes `stream` to its end, or rejects (a cap, a storage failure) having stopped
 * iterating it: the runner then stops reading at once. Any async-iterable byte stream will do
 * (a Node stream, a tar-stream entry).
 */
export interface FileSink {
  /** `size` when known before reading (a tar header, a stat), so a cap can refuse the file unread. */
  accept(name: string, size: number | undefined, stream: AsyncIterable<Uint8Array>): Promise<void>;
}
