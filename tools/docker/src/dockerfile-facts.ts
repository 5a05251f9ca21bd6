/**
 * A Dockerfile reduced to the facts our checks need, read with `dockerfile-ast` (the parser behind the VS Code
 * Docker language server): global ARGs, and per stage its base image (with `${ARG}`s resolved from the ARG
 * defaults), ARGs, ENV, LABELs, USERs and instructions in order. Used by the static tests of both Dockerfiles and
 * by the build-test (which builds a stand-in under exactly the base image's name and tag).
 */
import { readFileSync } from 'node:fs';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface ImageRef {
  /** as written, e.g. `node:${NODE_VERSION}-bookworm-slim` */
  raw: string;
  /** with ARG defaults substituted, e.g. `node:20.20.2-bookworm-slim` */
  resolved: string;
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export interface InstructionFacts {
  keyword: string;
  /** the arguments as written (continuation lines joined) */
  text: string;
  /** `--from=deps` → { from: 'deps' } */
  flags: Record<string, string | null>;
  line: number;
}

export interface StageFacts {
  index: number;
  name: string | undefined;
  base: ImageRef;
  args: Record<string, string | undefined>;
  env: Record<string, string>;
  labels: Record<string, string>;
  users: string[];
  instructions: InstructionFacts[];
}

export interface DockerfileFacts {
  globalArgs: Record<string, string | undefined>;
  /** parser directives (`# syntax=…`, `# escape=…`) by name */
  directives: string[];
  stages: StageFacts[];
}

/** `${NAME}`, `${NAME:-default}` and `$NAME` substituted from `vars`; unknown names are left as written. */
export function substituteArgs(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars[name];
    if (value !== undefined && value !== '') return value;
    return fallback !== undefined ? (fallback as string) : whole;
  });
}

export function parseImageRef(raw: string, vars: Readonly<Record<string, string | undefined>>): ImageRef {
  const resolved = substituteArgs(raw, vars);
  const [nameAndTag, digest] = resolved.split('@') as [string, string | undefined];
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    raw,
    resolved,
    name: hasTag ? nameAndTag.slice(0, colon) : nameAndTag,
    tag: hasTag ? nameAndTag.slice(colon + 1) : undefined,
    digest,
  };
}

function flagsOf(ins: Instruction): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const withFlags = ins as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  for (const f of withFlags.getFlags?.() ?? []) out[f.getName()] = f.getValue();
  return out;
}

function properties(ins: Instruction): { name: string; value: string }[] {
  const withProps = ins as Instruction & { getProperties?: () => { getName(): string; getValue(): string | null }[] };
  return (withProps.getProperties?.() ?? []).map((p) => ({ name: p.getName(), value: p.getValue() ?? '' }));
}

export function parseDockerfile(content: string): DockerfileFacts {
  const doc = DockerfileParser.parse(content);
  const globalArgs: Record<string, string | undefined> = {};
  for (const arg of doc.getInitialARGs()) {
    const p = arg.getProperty();
    if (p) globalArgs[p.getName()] = p.getValue() ?? undefined;
  }
  const stages: StageFacts[] = [];
  let current: StageFacts | undefined;
  for (const ins of doc.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    if (keyword === 'FROM') {
      const from = ins as Instruction & { getImage(): string | null; getBuildStage(): string | null };
      current = {
        index: stages.length,
        name: from.getBuildStage() ?? undefined,
        base: parseImageRef(from.getImage() ?? '', globalArgs),
        args: {},
        env: {},
        labels: {},
        users: [],
        instructions: [],
      };
      stages.push(current);
    }
    if (current === undefined) continue; // global ARGs, already read
    current.instructions.push({ keyword, text: ins.getArgumentsContent() ?? '', flags: flagsOf(ins), line });
    if (keyword === 'ARG') for (const p of properties(ins)) current.args[p.name] = p.value === '' ? undefined : p.value;
    if (keyword === 'ENV') for (const p of properties(ins)) current.env[p.name] = p.value;
    if (keyword === 'LABEL') for (const p of properties(ins)) current.labels[p.name] = p.value;
    if (keyword === 'USER') current.users.push((ins.getArgumentsContent() ?? '').trim());
  }
  return { globalArgs, directives: doc.getDirectives().map((d) => d.getName().toLowerCase()), stages };
}

export function readDockerfile(path: string): DockerfileFacts {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

export function finalStage(facts: DockerfileFacts): StageFacts {
  const last = facts.stages.at(-1);
  if (last === undefined) throw new Error('the Dockerfile has no FROM');
  return last;
}

/** The user the image runs as: the last USER of the final stage (root when there is none). */
export function runtimeUser(facts: DockerfileFacts): string {
  return finalStage(facts).users.at(-1) ?? 'root';
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}

/**
 * Global ARGs used inside a stage without being declared in it. Docker only exposes a global ARG to a stage that
 * redeclares it (`ARG NAME`); otherwise `${NAME}` is empty there — in a RUN line as much as in a LABEL.
 */
export function undeclaredGlobalArgs(facts: DockerfileFacts): { stage: string; line: number; name: string }[] {
  const globals = Object.keys(facts.globalArgs);
  const problems: { stage: string; line: number; name: string }[] = [];
  for (const s of facts.stages) {
    const declared = new Set(Object.keys(s.args));
    for (const ins of s.instructions) {
      if (ins.keyword === 'ARG' || ins.keyword === 'FROM') continue;
      for (const name of globals) {
        const used = new RegExp(`\\$\\{${name}(?::-[^}]*)?\\}|\\$${name}(?![A-Za-z0-9_])`).test(ins.text);
        if (used && !declared.has(name) && !(name in s.env)) problems.push({ stage: s.name ?? `#${s.index}`, line: ins.line, name });
      }
    }
  }
  return problems;
}

/** Base images that are not earlier stages of the same file (what must exist in a registry or locally). */
export function externalBases(facts: DockerfileFacts): ImageRef[] {
  const stageNames = new Set(facts.stages.map((s) => s.name).filter((n): n is string => n !== undefined));
  return facts.stages.map((s) => s.base).filter((b) => !stageNames.has(b.resolved));
}
