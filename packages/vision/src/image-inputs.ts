/** Expands `--images FILE|DIR...` into image file paths: a folder gives its image files (not recursive), sorted by name. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';

export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.bmp', '.gif', '.tif', '.tiff'];

export function hasImageExtension(path: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(path).toLowerCase());
}

/**
 * Arguments keep their order; a folder contributes its image files sorted by name (code-point order, so the same on
 * every machine). A file named explicitly is kept whatever its extension: the decoder then says whether it is an
 * image. Duplicates are dropped. Throws BAD_INPUT for a missing path or a folder without images.
 */
export function listImageInputs(args: readonly string[]): string[] {
  if (args.length === 0) throw new BenchError('USAGE', 'no images given', { hint: 'pass --images FILE|DIR...' });
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string): void => {
    const key = resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const arg of args) {
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BenchError('BAD_INPUT', `image input ${arg}: ${code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code})`}`, {
        hint: code === 'ENOENT' ? `check the path (a relative path starts at ${process.cwd()})` : 'check that the path can be read (permissions, links)',
      });
    }
    if (!isDir) {
      add(arg);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(arg);
    } catch (e) {
      throw new BenchError('BAD_INPUT', `image folder ${arg}: cannot list (${(e as NodeJS.ErrnoException).code})`, { hint: 'check the folder permissions (the benchmark needs to list it)' });
    }
    const images = names
      .filter((n) => hasImageExtension(n))
      .map((n) => join(arg, n))
      .filter((p) => statSync(p).isFile())
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (images.length === 0) {
      throw new BenchError('BAD_INPUT', `image folder ${arg} holds no images (looked for ${IMAGE_EXTENSIONS.join(' ')})`, { hint: 'pass a folder with photos in it, or the photo files themselves' });
    }
    images.forEach(add);
  }
  return out;
}
