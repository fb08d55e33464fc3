import { describe, expect, it } from "vitest";
import { dockerfileImages, expand, logicalLines } from "./dockerfile-images";

const images = (dockerfile: string, buildArgs?: Record<string, string>) =>
  dockerfileImages(dockerfile, buildArgs).images.map((i) => i.image);
const problems = (dockerfile: string, buildArgs?: Record<string, string>) =>
  dockerfileImages(dockerfile, buildArgs).problems.map((p) => p.message);

describe("dockerfileImages", () => {
  it("finds every FROM image with its line, whatever the case of the instruction", () => {
    const result = dockerfileImages("FROM debian:12\nRUN true\nfrom ghcr.io/a/b:1 AS second\n");
    expect(result.images).toEqual([
      { image: "debian:12", line: 1, instruction: "FROM" },
      { image: "ghcr.io/a/b:1", line: 3, instruction: "FROM" },
    ]);
    expect(result.problems).toEqual([]);
  });

  it("skips --platform and other flags, and reads AS names case-insensitively", () => {
    expect(images("FROM --platform=linux/amd64 python:3.12 As build\nFROM --platform=$BUILDPLATFORM build\n")).toEqual([
      "python:3.12",
    ]);
  });

  it("does not count an earlier stage or scratch as an image, but a later stage's name is an image", () => {
    expect(
      images("FROM scratch\nFROM alpine AS Base\nFROM base\nFROM BASE AS again\nFROM later\nFROM debian AS later\n"),
    ).toEqual(["alpine", "later", "debian"]);
  });

  it("substitutes ARGs declared before the first FROM, buildArgs overriding their defaults", () => {
    const dockerfile = 'ARG BASE=debian\nARG TAG="12"\nFROM $BASE:${TAG}\nFROM ${BASE}-slim:${TAG:-x}\n';
    expect(images(dockerfile)).toEqual(["debian:12", "debian-slim:12"]);
    expect(images(dockerfile, { BASE: "evil.example/debian" })).toEqual([
      "evil.example/debian:12",
      "evil.example/debian-slim:12",
    ]);
  });

  it("expands an ARG default from earlier ARGs, and several ARGs on one line", () => {
    expect(images("ARG REG=ghcr.io OWNER=team\nARG IMAGE=$REG/$OWNER/app\nFROM ${IMAGE}:1\n")).toEqual([
      "ghcr.io/team/app:1",
    ]);
  });

  it("uses a buildArg only for an ARG the Dockerfile declares", () => {
    expect(images("ARG BASE\nFROM $BASE\n", { BASE: "alpine" })).toEqual(["alpine"]);
    expect(problems("FROM $BASE\n", { BASE: "alpine" })).toEqual([
      "FROM $BASE: $BASE is not an ARG declared before the first FROM",
    ]);
  });

  it("refuses a FROM it cannot resolve: unknown variable, ARG without value, ARG declared after FROM, unsupported substitution", () => {
    expect(problems("FROM $NOPE\n")[0]).toMatch(/\$NOPE is not an ARG declared before the first FROM/);
    expect(problems("ARG BASE\nFROM $BASE\n")[0]).toMatch(/ARG BASE has no value/);
    expect(problems("FROM alpine\nARG LATE=x\nFROM $LATE\n")[0]).toMatch(/\$LATE is not an ARG declared/);
    expect(problems("ARG B=x\nFROM ${B#x}y\n")[0]).toMatch(/not a substitution this server can resolve/);
    expect(problems("ARG B=\nFROM ${B}\n")[0]).toMatch(/resolves to an empty name/);
    expect(problems("RUN true\n")).toEqual(["the Dockerfile has no FROM instruction"]);
    expect(problems("FROM --platform linux/amd64 alpine\n")[0]).toMatch(/FROM must be/);
  });

  it("skips comments and blank lines, inside continued instructions too, and joins continuations", () => {
    const dockerfile = [
      "# FROM commented.example/out",
      "",
      "FROM \\",
      "  # a comment inside the instruction",
      "",
      "  ghcr.io/team/base:1 \\",
      "  AS base",
      "RUN echo FROM not-an-instruction.example/x",
      "   # FROM indented.example/comment",
      "FROM base",
    ].join("\n");
    const result = dockerfileImages(dockerfile);
    expect(result.images).toEqual([{ image: "ghcr.io/team/base:1", line: 3, instruction: "FROM" }]);
    expect(result.problems).toEqual([]);
  });

  it("honours the escape parser directive and CRLF line ends", () => {
    expect(images("# escape=`\r\nFROM `\r\n  alpine:3\r\n")).toEqual(["alpine:3"]);
    expect(logicalLines("# syntax=docker/dockerfile:1\n# escape=`\nRUN a `\n  b\n")).toEqual([
      { line: 3, text: "RUN a   b" },
    ]);
  });

  it("counts COPY --from and RUN --mount from images, not stages or stage indexes", () => {
    const dockerfile = [
      "FROM alpine AS build",
      "COPY --from=build /a /a",
      "COPY --from=0 /a /b",
      "COPY --from=nginx:1.25 /etc/nginx /n",
      "COPY --chown=1:1 --from=ghcr.io/x/y:2 /y /y",
      "RUN --mount=type=bind,from=quay.io/z/w:3,target=/w true",
      "RUN --mount=type=cache,target=/c true",
    ].join("\n");
    expect(dockerfileImages(dockerfile).images).toEqual([
      { image: "alpine", line: 1, instruction: "FROM" },
      { image: "nginx:1.25", line: 4, instruction: "COPY --from" },
      { image: "ghcr.io/x/y:2", line: 5, instruction: "COPY --from" },
      { image: "quay.io/z/w:3", line: 6, instruction: "RUN --mount from" },
    ]);
  });
  it("counts ONBUILD's --from images, which run in a later build whose stages are unknown here", () => {
    const dockerfile =
      "FROM alpine AS build\nONBUILD COPY --from=evil.example/x:1 /x /x\nonbuild COPY --from=build /y /y\nONBUILD ARG NOT_GLOBAL=1\nONBUILD FROM ignored\n";
    expect(images(dockerfile)).toEqual(["alpine", "evil.example/x:1", "build"]);
  });
});

describe("expand", () => {
  const vars = new Map<string, string | undefined>([
    ["A", "a"],
    ["EMPTY", ""],
    ["UNSET", undefined],
  ]);
  it("handles $NAME, ${NAME}, :- and :+ and an escaped $", () => {
    expect(expand("$A-${A}", vars)).toEqual({ value: "a-a" });
    expect(expand("${EMPTY:-d}${UNSET:-e}${NOPE:-f}${A:-x}", vars)).toEqual({ value: "def" + "a" });
    expect(expand("${A:+yes}${EMPTY:+no}", vars)).toEqual({ value: "yes" });
    expect(expand("\\$A", vars)).toEqual({ value: "$A" });
  });
  it("reports what it cannot resolve", () => {
    expect(expand("${A", vars)).toEqual({ error: "an unclosed ${" });
    expect(expand("$", vars)).toEqual({ error: "a lone $" });
    expect(expand("$UNSET", vars)).toHaveProperty("error");
  });
});
