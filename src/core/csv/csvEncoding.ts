/**
 * How the bytes of a CSV become text. csv-parse itself reads UTF-8 and UTF-16 LE (and strips or follows their
 * BOMs); this module adds what it cannot: UTF-16 BE (its bytes swapped pairwise into LE, so every byte offset stays
 * the file's own), Windows-1252 (parsed as Latin-1, one byte per character, then the 32 characters where the two
 * differ mapped per cell), and the check that a file read as UTF-8 really is UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/** An encoding the reader can be told to use (e.g. VS Code's `files.encoding` for the file). */
export type CsvEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1252';

/**
 * VS Code's `files.encoding` ids this reader honours, mapped to its own. `iso88591` reads as Windows-1252, which
 * agrees with it on every printable character.
 */
const VSCODE_ENCODINGS: Readonly<Record<string, CsvEncoding>> = {
  utf8: 'utf8',
  utf8bom: 'utf8',
  utf16le: 'utf16le',
  utf16be: 'utf16be',
  windows1252: 'windows1252',
  iso88591: 'windows1252',
};

/** The reader's encoding for a `files.encoding` id, or undefined for one it cannot read (it then detects). */
export function encodingFromVscode(id: string | undefined): CsvEncoding | undefined {
  return id !== undefined && Object.hasOwn(VSCODE_ENCODINGS, id) ? VSCODE_ENCODINGS[id] : undefined;
}

/** What a pass of csv-parse needs to know to read a file: the encoding it parses with, and the byte swap. */
export interface Decoding {
  /** csv-parse's encoding; a UTF-16 LE BOM (after any swap) switches `utf8` to `utf16le` on its own. */
  parseAs: 'utf8' | 'utf16le' | 'latin1';
  /** UTF-16 BE: swap byte pairs before parsing. */
  swap: boolean;
  /** Latin-1 cells are mapped to Windows-1252. */
  windows1252: boolean;
}

/** The decoding a first pass starts with: the configured encoding, or UTF-8 with detection. */
export function initialDecoding(encoding: CsvEncoding | undefined): Decoding {
  switch (encoding) {
    case 'utf16le':
      return { parseAs: 'utf16le', swap: false, windows1252: false };
    case 'utf16be':
      return { parseAs: 'utf16le', swap: true, windows1252: false };
    case 'windows1252':
      return { parseAs: 'latin1', swap: false, windows1252: true };
    default:
      return { parseAs: 'utf8', swap: false, windows1252: false };
  }
}

export const WINDOWS_1252: Decoding = initialDecoding('windows1252');

/**
 * Sits between the file and csv-parse. It swaps UTF-16 BE into LE (forced, or from a BE BOM at the start), and
 * while the bytes are read as UTF-8 it checks that they are UTF-8.
 */
export class ByteDecoder extends Transform {
  /** Whether bytes read as UTF-8 turned out not to be UTF-8. */
  notUtf8 = false;
  /** Whether the stream starts with a UTF-8 BOM, which says it is UTF-8 whatever its bytes. */
  utf8Bom = false;
  /** Whether the stream is UTF-16 BE (told so, or from its BOM). */
  swapped: boolean;
  private started: boolean;
  private checkUtf8: boolean;
  /** The bytes held back: an odd byte of a pair, an unfinished UTF-8 sequence, or a start too short to sniff. */
  private carry: Buffer | undefined;

  /** `sniff`: the stream starts at the file's first byte, where a BOM may be. */
  constructor(options: { swap: boolean; checkUtf8: boolean; sniff: boolean }) {
    super();
    this.swapped = options.swap;
    this.checkUtf8 = options.checkUtf8;
    this.started = !options.sniff;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    if (!this.started) {
      if (bytes.length < 3) {
        this.carry = bytes;
        return done();
      }
      this.started = true;
      // A UTF-16 BOM decides; csv-parse then sees an LE BOM and reads UTF-16 LE.
      if (bytes[0] === 0xfe && bytes[1] === 0xff) this.swapped = true;
      if (this.swapped || (bytes[0] === 0xff && bytes[1] === 0xfe)) this.checkUtf8 = false;
      this.utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    }
    done(null, this.decode(bytes, false));
  }

  override _flush(done: TransformCallback): void {
    const rest = this.carry;
    this.carry = undefined;
    done(null, rest && this.decode(rest, true));
  }

  private decode(bytes: Buffer, end: boolean): Buffer | undefined {
    if (this.swapped) {
      const even = bytes.length & ~1;
      // An odd byte waits for its pair; at the end (a cut file) it is passed on as it is.
      const take = end ? bytes.length : even;
      if (take < bytes.length) this.carry = Buffer.from(bytes.subarray(take));
      // A copy: the source may reuse its buffer, and the swap is in place.
      const out = Buffer.from(bytes.subarray(0, take));
      out.subarray(0, even).swap16();
      return out;
    }
    if (this.checkUtf8 && !this.notUtf8) {
      const whole = end ? bytes.length : completeUtf8(bytes);
      if (!isUtf8(bytes.subarray(0, whole))) this.notUtf8 = true;
      if (whole < bytes.length) {
        this.carry = Buffer.from(bytes.subarray(whole));
        bytes = bytes.subarray(0, whole);
      }
    }
    return bytes;
  }
}

/** How many leading bytes end on a UTF-8 character boundary (the rest may continue in the next chunk). */
function completeUtf8(bytes: Buffer): number {
  // A sequence is at most 4 bytes: look back at most 3 for the lead byte of an unfinished one.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * Windows-1252 at 0x80–0x9F (where it differs from Latin-1); the five unassigned bytes stay as they are. A table,
 * not TextDecoder: Node 20's decoder reads these bytes as Latin-1 C1 controls.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

/** A cell parsed as Latin-1, as Windows-1252 reads it. Most cells have no byte in that range and are returned as is. */
export function fromLatin1(text: string): string {
  C1.lastIndex = 0;
  return C1.test(text) ? text.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : text;
}
