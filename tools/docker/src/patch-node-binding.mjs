#!/usr/bin/env node
/**
 * Teaches onnxruntime-node's native binding the Arm Compute Library execution provider, which upstream's
 * js/node/src does not know (it knows cpu, cuda, dml, tensorrt, webgpu, coreml, qnn). After this,
 * `executionProviders: ['acl']` or `[{ name: 'acl', enableFastMath: true }]` appends the ACL EP through
 * `OrtSessionOptionsAppendExecutionProvider_ACL`, exported by a libonnxruntime built with `--use_acl`, and
 * `listSupportedBackends()` lists `acl` (what the backends package's probe reads first).
 *
 * Used by docker/Dockerfile.acl (copied into its onnxruntime stage):  node patch-node-binding.mjs onnxruntime/js/node/src
 * Each edit is anchored on upstream code and must match exactly once, so a changed upstream fails the build here
 * with the anchor's name instead of compiling something else. Running it twice changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const MARKER = '// modelbench: acl execution provider';

/**
 * @typedef {{ name: string, pattern: RegExp, replace: (match: string) => string }} Edit
 * @type {Edit[]}
 */
export const SESSION_OPTIONS_EDITS = [
  {
    name: 'include after tensor_helper.h',
    pattern: /#include "tensor_helper\.h"\n/,
    replace: (m) => `${m}${MARKER}\n#include "core/providers/acl/acl_provider_factory.h"\n`,
  },
  {
    name: 'fast-math variable after deviceId',
    pattern: /\n([ \t]*)int deviceId = 0;\n/,
    replace: (m) => {
      const indent = /\n([ \t]*)int/.exec(m)?.[1] ?? '    ';
      return `${m}${indent}bool aclEnableFastMath = false;  ${MARKER}\n`;
    },
  },
  {
    name: 'enableFastMath option after the deviceId option',
    pattern: /\n([ \t]*)if \(obj\.Has\("deviceId"\)\) \{\n[^\n]*\n[ \t]*\}\n/,
    replace: (m) => {
      const indent = /\n([ \t]*)if/.exec(m)?.[1] ?? '      ';
      return (
        `${m}${indent}if (name == "acl" && obj.Has("enableFastMath")) {  ${MARKER}\n` +
        `${indent}  aclEnableFastMath = obj.Get("enableFastMath").ToBoolean().Value();\n` +
        `${indent}}\n`
      );
    },
  },
  {
    name: 'acl branch before the unsupported-provider error',
    pattern: /\n([ \t]*)\} else \{\n([ \t]*)ORT_NAPI_THROW_ERROR\(epList\.Env\(\), "Invalid argument: sessionOptions\.executionProviders\["/,
    replace: (m) => {
      const indent = /\n([ \t]*)\}/.exec(m)?.[1] ?? '    ';
      return (
        `\n${indent}} else if (name == "acl") {  ${MARKER}\n` +
        `${indent}  Ort::ThrowOnError(OrtSessionOptionsAppendExecutionProvider_ACL(sessionOptions, aclEnableFastMath));` +
        m
      );
    },
  },
];

/** @type {Edit[]} */
export const LIST_BACKENDS_EDITS = [
  {
    name: 'acl after cpu in ListSupportedBackends',
    pattern: /\n([ \t]*)result\.Set\(uint32_t\(0\), createObject\("cpu", true\)\);\n/,
    replace: (m) => {
      const indent = /\n([ \t]*)result/.exec(m)?.[1] ?? '  ';
      return `${m}${indent}result.Set(result.Length(), createObject("acl", true));  ${MARKER}\n`;
    },
  },
];

/** The files under js/node/src and the edits each needs. */
export const FILES = {
  'session_options_helper.cc': SESSION_OPTIONS_EDITS,
  'inference_session_wrap.cc': LIST_BACKENDS_EDITS,
};

export class PatchError extends Error {
  /** @override */
  name = 'PatchError';
}

/**
 * @param {string} source the file's text
 * @param {Edit[]} edits
 * @returns {string} the patched source (unchanged when already patched)
 */
export function applyEdits(source, edits) {
  if (source.includes(MARKER)) return source;
  let out = source;
  for (const edit of edits) {
    const global = new RegExp(edit.pattern.source, 'g');
    const count = [...out.matchAll(global)].length;
    if (count !== 1) throw new PatchError(`anchor "${edit.name}" matched ${count} times (expected 1): upstream changed`);
    out = out.replace(edit.pattern, edit.replace);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node patch-node-binding.mjs <onnxruntime/js/node/src>\n');
    process.exit(2);
  }
  for (const [name, edits] of Object.entries(FILES)) {
    const file = join(dir, name);
    try {
      writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), edits));
      process.stdout.write(`patched ${file}\n`);
    } catch (e) {
      process.stderr.write(`error: ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    }
  }
}
