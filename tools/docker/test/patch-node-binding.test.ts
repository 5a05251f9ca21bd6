/**
 * The edit Dockerfile.acl makes to onnxruntime-node's binding sources, on excerpts shaped like upstream's
 * js/node/src files (the shape its anchors rely on).
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, FILES, LIST_BACKENDS_EDITS, MARKER, PatchError, SESSION_OPTIONS_EDITS } from '../src/patch-node-binding.mjs';

const SESSION_OPTIONS = `#include "session_options_helper.h"
#include "tensor_helper.h"
#ifdef USE_CUDA
#include "core/providers/cuda/cuda_provider_options.h"
#endif

void ParseExecutionProviders(const Napi::Array epList, Ort::SessionOptions& sessionOptions) {
  for (uint32_t i = 0; i < epList.Length(); i++) {
    Napi::Value epValue = epList[i];
    std::string name;
    int deviceId = 0;
    if (epValue.IsString()) {
      name = epValue.As<Napi::String>().Utf8Value();
    } else {
      auto obj = epValue.As<Napi::Object>();
      name = obj.Get("name").As<Napi::String>().Utf8Value();
      if (obj.Has("deviceId")) {
        deviceId = obj.Get("deviceId").As<Napi::Number>();
      }
    }

    // CPU execution provider
    if (name == "cpu") {
      // TODO: handling CPU EP options
#ifdef USE_CUDA
    } else if (name == "cuda") {
      sessionOptions.AppendExecutionProvider_CUDA_V2(*options);
#endif
    } else {
      ORT_NAPI_THROW_ERROR(epList.Env(), "Invalid argument: sessionOptions.executionProviders[", i,
                           "] is unsupported: '", name, "'.");
    }
  }
}
`;

const LIST_BACKENDS = `Napi::Value InferenceSessionWrap::ListSupportedBackends(const Napi::CallbackInfo& info) {
  Napi::Array result = Napi::Array::New(env);
  result.Set(uint32_t(0), createObject("cpu", true));

#ifdef USE_DML
  result.Set(result.Length(), createObject("dml", true));
#endif
  return scope.Escape(result);
}
`;

describe('patch-node-binding', () => {
  const patched = applyEdits(SESSION_OPTIONS, SESSION_OPTIONS_EDITS);

  it('adds an acl branch calling the ACL factory, before the unsupported-provider error', () => {
    expect(patched).toContain('#include "core/providers/acl/acl_provider_factory.h"');
    const acl = patched.indexOf('} else if (name == "acl") {');
    expect(acl).toBeGreaterThan(patched.indexOf('} else if (name == "cuda") {'));
    expect(acl).toBeLessThan(patched.indexOf('ORT_NAPI_THROW_ERROR'));
    expect(patched).toContain('Ort::ThrowOnError(OrtSessionOptionsAppendExecutionProvider_ACL(sessionOptions, aclEnableFastMath));');
  });

  it('reads enableFastMath from an { name: "acl" } entry, default off', () => {
    expect(patched).toMatch(/int deviceId = 0;\n {4}bool aclEnableFastMath = false;/);
    expect(patched).toMatch(/ {6}if \(name == "acl" && obj\.Has\("enableFastMath"\)\) \{.*\n {8}aclEnableFastMath = obj\.Get\("enableFastMath"\)\.ToBoolean\(\)\.Value\(\);\n {6}\}\n/);
  });

  it('only adds lines, keeping every upstream line in order, and can run twice', () => {
    const original = SESSION_OPTIONS.split('\n');
    const added: string[] = [];
    let next = 0;
    for (const line of patched.split('\n')) {
      if (next < original.length && line === original[next]) next++;
      else added.push(line.trim());
    }
    expect(next).toBe(original.length);
    expect(added).toEqual([
      MARKER,
      '#include "core/providers/acl/acl_provider_factory.h"',
      `bool aclEnableFastMath = false;  ${MARKER}`,
      `if (name == "acl" && obj.Has("enableFastMath")) {  ${MARKER}`,
      'aclEnableFastMath = obj.Get("enableFastMath").ToBoolean().Value();',
      '}',
      `} else if (name == "acl") {  ${MARKER}`,
      'Ort::ThrowOnError(OrtSessionOptionsAppendExecutionProvider_ACL(sessionOptions, aclEnableFastMath));',
    ]);
    expect(applyEdits(patched, SESSION_OPTIONS_EDITS)).toBe(patched);
  });

  it('lists acl among the supported backends right after cpu', () => {
    const out = applyEdits(LIST_BACKENDS, LIST_BACKENDS_EDITS);
    expect(out).toContain(`  result.Set(uint32_t(0), createObject("cpu", true));\n  result.Set(result.Length(), createObject("acl", true));  ${MARKER}\n`);
    expect(Object.keys(FILES)).toEqual(['session_options_helper.cc', 'inference_session_wrap.cc']);
  });

  it('fails naming the anchor when upstream changed', () => {
    expect(() => applyEdits(SESSION_OPTIONS.replace('int deviceId = 0;', 'int device = 0;'), SESSION_OPTIONS_EDITS)).toThrow(PatchError);
    expect(() => applyEdits(SESSION_OPTIONS.replace('int deviceId = 0;', 'int device = 0;'), SESSION_OPTIONS_EDITS)).toThrow(/fast-math variable after deviceId.* matched 0 times/);
    expect(() => applyEdits(LIST_BACKENDS + LIST_BACKENDS, LIST_BACKENDS_EDITS)).toThrow(/matched 2 times/);
  });
});
