/**
 * Decodes HEVC-coded HEIF photos (an iPhone's HEIC) for the imaging worker. The libvips inside
 * sharp reads their header but has no HEVC decoder, so the pixels come from libheif compiled to
 * WebAssembly (the `heic-decode` package). It runs in the calling thread and blocks it for most
 * of a second per 12 MP photo: call it from an imaging worker only.
 */
import { readFile } from 'node:fs/promises';
import type decodeHeifImage from 'heic-decode';
import { ImagingError } from './imaging-protocol';
import { errorMessage } from '../../../common/errors';

/** A decoded HEIC: 8-bit RGBA, already turned upright by the file's `irot`/`imir` boxes. */
export interface DecodedHeic {
  data: Buffer;
  width: number;
  height: number;
}

// Loaded on the first HEIC a worker meets: compiling the 1.4 MB WebAssembly module costs time
// and memory that a worker importing only JPEGs never needs. Once loaded it stays: a fresh one
// per photo decodes slower. Its WebAssembly memory grows to fit the largest photo decoded and
// never shrinks (about 110 MB kept per worker after a 12 MP HEIC, 400 MB after 48 MP).
let decoder: Promise<typeof decodeHeifImage> | undefined;

/** Decodes the primary image of a HEIC file to RGBA, with libheif's own error on failure. */
export async function decodeHeic(sourcePath: string): Promise<DecodedHeic> {
  decoder ??= import('heic-decode').then((module) => module.default);
  const decode = await decoder;
  let file: Buffer;
  try {
    file = await readFile(sourcePath);
  } catch (error) {
    throw new ImagingError('IO', `cannot read ${sourcePath}: ${messageOf(error)}`);
  }
  // libheif-js reports why a file failed only with console.log (then heic-decode throws a bare
  // "HEIF image not found"), and a worker's console.log lands on the process's stdout, which
  // `shoebox import --json` keeps for its JSON. Its lines are caught here, to be the message.
  const libheifSaid: string[] = [];
  const { log } = console;
  console.log = (...args: unknown[]) => libheifSaid.push(describeLogLine(args));
  try {
    const { data, width, height } = await decode({ buffer: file });
    return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height };
  } catch (error) {
    const reason = libheifSaid.at(-1) ?? messageOf(error);
    throw new ImagingError('CORRUPT', `the HEIC image is damaged or incomplete: ${reason}`);
  } finally {
    console.log = log;
  }
}

/** A libheif-js log line as text: its strings, and the `message` of its error objects. */
function describeLogLine(args: unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === 'string') return arg;
      const message = (arg as { message?: unknown } | null)?.message;
      return typeof message === 'string' ? message : '';
    })
    .filter((part) => part !== '')
    .join(': ');
}

function messageOf(error: unknown): string {
  return errorMessage(error);
}
