// Kestra's `charset` property names a Java charset. These turn one into a streaming decoder (bytes →
// text) and an encoder (text → bytes) that behave as Java's do on the cases that differ from the web's
// TextDecoder: ISO-8859-1 is really Latin-1 (not windows-1252), US-ASCII and ISO-8859-1 write `?` for a
// character they cannot hold, UTF-16 reads a byte-order mark and writes one (big-endian).

/** Text from successive byte chunks; called with no chunk at the end, to flush what a split character left. */
export type Decoder = (bytes?: Uint8Array) => string;
export type Encoder = (text: string) => Buffer;

const ALIASES: Record<string, string> = {
  utf8: "utf-8",
  "utf-8": "utf-8",
  "iso-8859-1": "latin1",
  iso88591: "latin1",
  iso8859_1: "latin1",
  "iso_8859-1": "latin1",
  latin1: "latin1",
  l1: "latin1",
  "us-ascii": "ascii",
  ascii: "ascii",
  "utf-16le": "utf-16le",
  utf_16le: "utf-16le",
  utf16le: "utf-16le",
  "utf-16be": "utf-16be",
  utf_16be: "utf-16be",
  utf16be: "utf-16be",
  "utf-16": "utf-16",
  utf16: "utf-16",
};

const canonical = (charset: string) => ALIASES[charset.trim().toLowerCase()] ?? charset.trim().toLowerCase();

/**
 * A decoder for `charset`. A UTF-8 byte-order mark at the start is dropped (Kestra's CsvToIon strips
 * it; the JSON and YAML readers would fail on it); other charsets keep their bytes as Java reads them.
 */
export function decoderFor(charset: string): Decoder {
  const name = canonical(charset);
  if (name === "latin1") return (bytes) => (bytes ? Buffer.from(bytes).toString("latin1") : "");
  if (name === "ascii")
    return (bytes) =>
      bytes
        ? Buffer.from(bytes)
            .toString("latin1")
            .replace(/[^\x00-\x7f]/g, "\ufffd")
        : "";
  if (name === "utf-16") return utf16Decoder();
  const decoder = webDecoder(name, name !== "utf-8", charset);
  return (bytes) => (bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode());
}

function webDecoder(name: string, ignoreBOM: boolean, asGiven: string): TextDecoder {
  try {
    return new TextDecoder(name, { ignoreBOM });
  } catch {
    // RangeError: the runtime's ICU does not know it.
    throw new Error(`Unsupported charset: ${asGiven}`);
  }
}

/** Java's UTF-16: the byte-order mark says the order, big-endian without one. */
function utf16Decoder(): Decoder {
  let head = Buffer.alloc(0);
  let decoder: TextDecoder | undefined;
  return (bytes) => {
    if (!decoder) {
      head = Buffer.concat([head, bytes ?? Buffer.alloc(0)]);
      if (head.length < 2 && bytes) return "";
      const le = head[0] === 0xff && head[1] === 0xfe;
      const bom = le || (head[0] === 0xfe && head[1] === 0xff);
      decoder = new TextDecoder(le ? "utf-16le" : "utf-16be", { ignoreBOM: true });
      const first = decoder.decode(head.subarray(bom ? 2 : 0), { stream: true });
      return bytes ? first : first + decoder.decode();
    }
    return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
  };
}

/** An encoder for `charset`; fails for a charset this server cannot write. */
export function encoderFor(charset: string): Encoder {
  const name = canonical(charset);
  switch (name) {
    case "utf-8":
      return (text) => Buffer.from(text, "utf8");
    case "latin1":
      return (text) => Buffer.from(text.replace(/[^\x00-\xff]/gu, "?"), "latin1");
    case "ascii":
      return (text) => Buffer.from(text.replace(/[^\x00-\x7f]/gu, "?"), "latin1");
    case "utf-16le":
      return (text) => Buffer.from(text, "utf16le");
    case "utf-16be":
      return (text) => Buffer.from(text, "utf16le").swap16();
    case "utf-16": {
      let first = true;
      return (text) => {
        const bytes = Buffer.from(text, "utf16le").swap16();
        if (!first || bytes.length === 0) return bytes;
        first = false;
        return Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]);
      };
    }
    default:
      webDecoder(name, true, charset);
      throw new Error(
        `Charset ${charset} can be read but not written here; write UTF-8, ISO-8859-1, US-ASCII, UTF-16, UTF-16LE or UTF-16BE`,
      );
  }
}
