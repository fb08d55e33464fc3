// Osprey's `@kestra-io/libs`: Kestra's Node.js API (outputs, counter, timer, logger) over the
// `::{…}::` protocol Osprey reads from a task's output, so Kestra flows run unchanged.
"use strict";

const Kestra = function () {};

Kestra.format = (map) => `::${JSON.stringify(map)}::`;
Kestra._send = (map) => console.log(Kestra.format(map));
Kestra._metrics = (name, type, value, tags) => Kestra._send({ metrics: [{ name, type, value, tags: tags || {} }] });
Kestra.outputs = (outputs) => Kestra._send({ outputs });
Kestra.counter = (name, value, tags) => Kestra._metrics(name, "counter", value, tags);

/** A duration in seconds, or a function given a callback to call when the timed work is done. */
Kestra.timer = (name, duration, tags) => {
  if (typeof duration !== "function") return Kestra._metrics(name, "timer", duration, tags);
  const start = Date.now();
  duration(() => Kestra._metrics(name, "timer", (Date.now() - start) / 1000, tags));
};

const LEVELS = { trace: "TRACE", debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR" };
Kestra.logger = () => {
  const logger = {};
  for (const [method, level] of Object.entries(LEVELS))
    logger[method] = (...message) => {
      const line = Kestra.format({ logs: [{ level, message: message.join(" ") }] });
      if (level === "WARN" || level === "ERROR") console.error(line);
      else console.log(line);
    };
  return logger;
};

module.exports = Kestra;
module.exports.default = Kestra;
module.exports.Kestra = Kestra;
