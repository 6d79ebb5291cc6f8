import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * An upload the gateway wrote to disk while it arrived: what resolvers get where the GraphQL
 * multipart spec says `File`. It has what they use (name, type, size, stream()), read from the
 * file each time, so a file is never held whole in memory unless someone asks for arrayBuffer().
 */
export class DiskFile {
  readonly lastModified = Date.now();
  readonly webkitRelativePath = '';

  constructor(
    readonly path: string,
    readonly name: string,
    readonly type: string,
    /** Set once the whole file is on disk (before any resolver sees it). */
    public size: number,
  ) {}

  stream(): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.path)) as ReadableStream<Uint8Array>;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await readFile(this.path);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  text(): Promise<string> {
    return readFile(this.path, 'utf8');
  }

  slice(): never {
    throw new Error('DiskFile.slice is not supported: use stream()');
  }

  get [Symbol.toStringTag]() {
    return 'File';
  }
}
