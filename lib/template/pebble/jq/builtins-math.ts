import { simple } from "./args";
import { isNormal, typeError } from "./values";

// Math: libm's functions as jq 1.6 exposes them (one-argument ones on the input).

function num(v: unknown): number {
  if (typeof v !== "number") throw typeError(v, "number required");
  return v;
}

/** C's round: halves away from zero (JavaScript's Math.round rounds them up). */
const round = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = x * 2 ** -e;
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

function gammaLn(x: number): number {
  // Lanczos approximation (g = 7), enough for lgamma/tgamma on doubles.
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61503916999186,
    12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - gammaLn(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function tgamma(x: number): number {
  if (x > 0) return Math.exp(gammaLn(x));
  return Number.isInteger(x) ? Number.NaN : Math.PI / (Math.sin(Math.PI * x) * tgamma(1 - x));
}

const UNARY: Record<string, (x: number) => number> = {
  floor: Math.floor,
  ceil: Math.ceil,
  round,
  trunc: Math.trunc,
  rint: (x) => (x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
  nearbyint: (x) => (x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
  fabs: Math.abs,
  abs: Math.abs,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  exp2: (x) => 2 ** x,
  exp10: (x) => 10 ** x,
  pow10: (x) => 10 ** x,
  expm1: Math.expm1,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  logb: (x) => (x === 0 ? -Infinity : Number.isFinite(x) ? frexp(x)[1] - 1 : Math.abs(x)),
  significand: (x) => (x === 0 || !Number.isFinite(x) ? x : frexp(x)[0] * 2),
  gamma: gammaLn,
  lgamma: gammaLn,
  lgamma_r: gammaLn,
  tgamma,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
};
for (const [name, f] of Object.entries(UNARY)) simple(`${name}/0`, (input) => f(num(input)));

const BINARY: Record<string, (a: number, b: number) => number> = {
  pow: (a, b) => a ** b,
  atan2: Math.atan2,
  fmin: Math.min,
  fmax: Math.max,
  fmod: (a, b) => a % b,
  ldexp: (a, b) => a * 2 ** Math.trunc(b),
  scalb: (a, b) => a * 2 ** b,
  scalbln: (a, b) => a * 2 ** Math.trunc(b),
  nexttoward: (a, b) => (a === b ? b : a + (b > a ? 1 : -1) * Number.EPSILON * Math.max(Math.abs(a), Number.MIN_VALUE)),
  drem: (a, b) => a - b * Math.round(a / b),
};
for (const [name, f] of Object.entries(BINARY)) simple(`${name}/2`, (_input, a, b) => f(num(a), num(b)));
simple("fma/3", (_input, a, b, c) => num(a) * num(b) + num(c));

simple("frexp/0", (input) => frexp(num(input)));
simple("modf/0", (input) => {
  const x = num(input);
  const int = Math.trunc(x);
  return [Number.isFinite(x) ? x - int : 0, int];
});

simple("infinite/0", () => Number.POSITIVE_INFINITY);
simple("nan/0", () => Number.NaN);
// As jackson-jq: false for anything but a number; NaN counts as finite (jq's `isinfinite | not`).
simple("isinfinite/0", (input) => typeof input === "number" && Math.abs(input) === Number.POSITIVE_INFINITY);
simple("isnan/0", (input) => typeof input === "number" && Number.isNaN(input));
simple("isnormal/0", (input) => typeof input === "number" && isNormal(input));
simple("isfinite/0", (input) => typeof input === "number" && Math.abs(input) !== Number.POSITIVE_INFINITY);
