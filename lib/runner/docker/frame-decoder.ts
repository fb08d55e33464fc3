/**
 * Decodes Docker's multiplexed attach stream (non-TTY): frames of an 8-byte header
 * [stream type, 0, 0, 0, payload size as uint32 big-endian] followed by the payload.
 * Pure and incremental: `push` takes chunks cut anywhere and returns the complete frames.
 * Used instead of docker-modem's demuxStream, which reads on 'readable' and so ignores pause().
 */
export interface Frame {
  stream: "stdout" | "stderr";
  payload: Buffer;
}

const HEADER = 8;

export class FrameDecoder {
  private buffered: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Frame[] {
    this.buffered.push(chunk);
    this.size += chunk.length;
    const frames: Frame[] = [];
    let data = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.size);
    let offset = 0;
    while (data.length - offset >= HEADER) {
      const length = data.readUInt32BE(offset + 4);
      if (data.length - offset < HEADER + length) break;
      const type = data[offset];
      // 0 is stdin (never sent back); anything but stderr is treated as stdout.
      frames.push({
        stream: type === 2 ? "stderr" : "stdout",
        payload: data.subarray(offset + HEADER, offset + HEADER + length),
      });
      offset += HEADER + length;
    }
    data = data.subarray(offset);
    this.buffered = data.length ? [data] : [];
    this.size = data.length;
    return frames;
  }

  /** Bytes of an incomplete frame left at the end of the stream (0 for a well-formed stream). */
  get pending(): number {
    return this.size;
  }
}
