/** sha256 of a file, streamed (models are hundreds of MB). */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Feeds the file's bytes into `hash` (so a resumed download can continue hashing) and returns the byte count. */
export async function hashInto(hash: Hash, path: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return bytes;
}

export async function sha256File(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  const sizeBytes = await hashInto(hash, path);
  return { sha256: hash.digest('hex'), sizeBytes };
}

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
