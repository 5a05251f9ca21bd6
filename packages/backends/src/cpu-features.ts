/** CPU features that decide how bf16 can run, from the kernel's flag list (pure over the flags). */
export interface Bf16Capability {
  /** the CPU has bf16 arithmetic instructions */
  hardware: boolean;
  /** which flags said so */
  flags: string[];
  arch: string;
}

const ARM64_BF16_FLAGS = ['bf16', 'svebf16'];
const X86_BF16_FLAGS = ['avx512_bf16', 'amx_bf16'];

export function bf16Capability(arch: string, flags: readonly string[]): Bf16Capability {
  const wanted = arch === 'arm64' ? ARM64_BF16_FLAGS : arch === 'x64' ? X86_BF16_FLAGS : [];
  const found = wanted.filter((f) => flags.includes(f));
  return { hardware: found.length > 0, flags: found, arch };
}
