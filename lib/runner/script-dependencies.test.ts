import { describe, expect, it } from "vitest";
import { dependencySetup, dependencyVolume } from "./script-dependencies";

describe("script dependencies", () => {
  const options = { cache: true, image: "python:3.13", workingDir: "/osprey/wd", container: true };

  it("installs once into a cache volume named after the list (in any order) and the image", () => {
    const setup = dependencySetup("python", ["pandas", "requests==2.32.3"], options)!;
    expect(setup.mount).toEqual({
      Type: "volume",
      Source: dependencyVolume("python", "python:3.13", ["requests==2.32.3", "pandas"]),
      Target: "/osprey/deps",
    });
    expect(setup.commands[0]).toContain("flock /osprey/deps/.lock");
    expect(setup.commands[0]).toContain("'pandas' 'requests==2.32.3'");
    expect(setup.env).toEqual({ PYTHONPATH: "/osprey/deps/python" });
    expect(dependencyVolume("python", "python:3.12", ["pandas"])).not.toBe(
      dependencyVolume("python", "python:3.13", ["pandas"]),
    );
  });

  it("without the cache, or outside a container, installs into the working directory each time; quotes every name", () => {
    const setup = dependencySetup("node", ["left-pad; rm -rf /"], { ...options, cache: false })!;
    expect(setup.mount).toBeUndefined();
    expect(setup.commands[0]).toContain("--prefix /osprey/wd/.osprey-deps/node 'left-pad; rm -rf /'");
    expect(dependencySetup("python", ["x"], { ...options, container: false })?.mount).toBeUndefined();
    expect(dependencySetup("shell", ["x"], options)).toBeNull();
    expect(dependencySetup("python", [], options)).toBeNull();
  });
});
