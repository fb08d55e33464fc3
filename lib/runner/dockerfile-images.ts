/**
 * Which images a Dockerfile makes the engine fetch: every `FROM` that is not an earlier stage or
 * `scratch`, and every `COPY --from=` / `RUN --mount=…,from=` (ONBUILD ones included) that names
 * an image rather than a stage. Variables are resolved as the builder resolves them in `FROM`: only `ARG`s declared
 * before the first `FROM`, their defaults overridden by the build's `buildArgs`. A reference that
 * cannot be resolved is a problem, never a guess: the caller refuses the build.
 */

export interface DockerfileImage {
  image: string;
  /** 1-based line of the instruction's first line. */
  line: number;
  instruction: "FROM" | "COPY --from" | "RUN --mount from";
}

export interface DockerfileProblem {
  line: number;
  message: string;
}

export interface DockerfileImages {
  images: DockerfileImage[];
  problems: DockerfileProblem[];
}

interface LogicalLine {
  line: number;
  text: string;
}

export function dockerfileImages(dockerfile: string, buildArgs: Record<string, string> = {}): DockerfileImages {
  const images: DockerfileImage[] = [];
  const problems: DockerfileProblem[] = [];
  // Global ARGs (declared before the first FROM); undefined: declared without a value.
  const globals = new Map<string, string | undefined>();
  const stages: string[] = [];
  let seenFrom = false;

  const resolve = (raw: string, line: number, what: string): string | null => {
    const result = expand(raw, globals);
    if ("error" in result) {
      problems.push({ line, message: `${what} ${raw}: ${result.error}` });
      return null;
    }
    if (!result.value) {
      problems.push({ line, message: `${what} ${raw} resolves to an empty name` });
      return null;
    }
    return result.value;
  };
  // `--from=` names a stage (by name or index) or an image. Under ONBUILD the stages are those of
  // a later build, unknown here: every name counts as an image.
  const fromReference = (raw: string, line: number, instruction: DockerfileImage["instruction"], onbuild: boolean) => {
    const value = resolve(raw, line, instruction);
    if (value === null) return;
    const isStage =
      !onbuild && (stages.includes(value.toLowerCase()) || (/^\d+$/.test(value) && Number(value) < stages.length));
    if (!isStage) images.push({ image: value, line, instruction });
  };

  for (const { line, text } of logicalLines(dockerfile)) {
    let words = splitWords(text);
    // ONBUILD's instruction runs in a later build FROM this image: its images count as this build's.
    const onbuild = words[0]?.toUpperCase() === "ONBUILD";
    if (onbuild) words = words.slice(1);
    const instruction = words[0]?.toUpperCase();
    const args = words.slice(1);
    switch (instruction) {
      case "ARG":
        if (seenFrom || onbuild) break;
        for (const arg of args) {
          const eq = arg.indexOf("=");
          const name = eq >= 0 ? arg.slice(0, eq) : arg;
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
            problems.push({ line, message: `ARG ${arg}: not a variable name` });
            continue;
          }
          let value: string | undefined;
          if (eq >= 0) {
            const expanded = expand(arg.slice(eq + 1), globals);
            value = "error" in expanded ? undefined : expanded.value;
          }
          globals.set(name, Object.hasOwn(buildArgs, name) ? buildArgs[name] : value);
        }
        break;
      case "FROM": {
        if (onbuild) break; // the builder refuses ONBUILD FROM itself
        seenFrom = true;
        const rest = args.filter((a) => !a.startsWith("--"));
        if (rest.length === 0 || (rest.length !== 1 && !(rest.length === 3 && rest[1].toLowerCase() === "as"))) {
          problems.push({ line, message: `FROM must be "FROM [--platform=…] image [AS name]", got "${text}"` });
          stages.push("");
          break;
        }
        const image = resolve(rest[0], line, "FROM");
        if (image !== null && !stages.includes(image.toLowerCase()) && image.toLowerCase() !== "scratch") {
          images.push({ image, line, instruction: "FROM" });
        }
        stages.push(rest.length === 3 ? rest[2].toLowerCase() : "");
        break;
      }
      case "COPY":
        for (const flag of args.filter((a) => /^--from=/i.test(a)))
          fromReference(flag.slice("--from=".length), line, "COPY --from", onbuild);
        break;
      case "RUN":
        for (const flag of args.filter((a) => /^--mount=/i.test(a))) {
          const from = flag
            .slice("--mount=".length)
            .split(",")
            .find((kv) => /^from=/i.test(kv));
          if (from) fromReference(from.slice("from=".length), line, "RUN --mount from", onbuild);
        }
        break;
    }
  }
  if (!seenFrom) problems.push({ line: 1, message: "the Dockerfile has no FROM instruction" });
  return { images, problems };
}

/**
 * Joins continuation lines and drops comments and blank lines, as the builder's parser does; the
 * `# escape=` parser directive at the top sets the continuation character.
 */
export function logicalLines(dockerfile: string): LogicalLine[] {
  const physical = dockerfile.replace(/\r\n?/g, "\n").split("\n");
  let escapeChar = "\\";
  let i = 0;
  // Parser directives: `# name=value` lines at the very top, before any blank line or comment.
  for (; i < physical.length; i++) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(physical[i]);
    if (!directive) break;
    if (directive[1].toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\"))
      escapeChar = directive[2];
  }
  const out: LogicalLine[] = [];
  let current: LogicalLine | null = null;
  for (; i < physical.length; i++) {
    const text = physical[i];
    const isComment = /^\s*#/.test(text);
    // Comments and blank lines inside a continued instruction are skipped, not ends of it.
    if (isComment || text.trim() === "") continue;
    const trimmed = text.replace(/\s+$/, "");
    const continues = trimmed.endsWith(escapeChar);
    const part = continues ? trimmed.slice(0, -1) : trimmed;
    if (current) current.text += part;
    else current = { line: i + 1, text: part };
    if (!continues) {
      if (current.text.trim()) out.push({ line: current.line, text: current.text.trim() });
      current = null;
    }
  }
  if (current?.text.trim()) out.push({ line: current.line, text: current.text.trim() });
  return out;
}

/** Whitespace-separated words; double or single quotes group and are removed. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}` against the global ARGs. A name that is not
 * declared, or declared without a value and given none, cannot be resolved.
 */
export function expand(text: string, vars: Map<string, string | undefined>): { value: string } | { error: string } {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && text[i + 1] === "$") {
      out += "$";
      i++;
      continue;
    }
    if (ch !== "$") {
      out += ch;
      continue;
    }
    let name: string;
    let modifier: { op: ":-" | ":+"; word: string } | null = null;
    if (text[i + 1] === "{") {
      const close = text.indexOf("}", i + 2);
      if (close < 0) return { error: "an unclosed ${" };
      const inner = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])(.*))?$/s.exec(inner);
      if (!m) return { error: `\${${inner}} is not a substitution this server can resolve` };
      name = m[1];
      if (m[2]) modifier = { op: m[2] as ":-" | ":+", word: m[3] };
      i = close;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) return { error: "a lone $" };
      name = m[0];
      i += name.length;
    }
    const value = vars.get(name);
    if (modifier) {
      const isSet = value !== undefined && value !== "";
      if (modifier.op === ":+") {
        if (!isSet) continue;
      } else if (isSet) {
        out += value;
        continue;
      }
      const word = expand(modifier.word, vars);
      if ("error" in word) return word;
      out += word.value;
      continue;
    }
    if (!vars.has(name)) return { error: `$${name} is not an ARG declared before the first FROM` };
    if (value === undefined) return { error: `ARG ${name} has no value (give it a default or a buildArgs entry)` };
    out += value;
  }
  return { value: out };
}
