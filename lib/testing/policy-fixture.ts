import type { ContainerPolicy } from "../runner/container-policy";

/** The rules as a fresh server has them (everything refused, `osprey/` protected), with `overrides`. */
export function lockedPolicy(overrides: Partial<ContainerPolicy> = {}): ContainerPolicy {
  return {
    allowPrivileged: false,
    allowHostVolumes: false,
    processRunner: "refuse",
    allowHostNetwork: false,
    allowPortBindings: false,
    allowDeviceRequests: false,
    allowedRegistries: [],
    ownDockerHost: "unix:///var/run/docker.sock",
    allowedDockerHosts: [],
    protectedPrefixes: ["osprey/"],
    trustedImages: [
      "osprey/python:latest",
      "osprey/shell:latest",
      "osprey/node:latest",
      "osprey/r:latest",
      "julia:latest",
    ],
    defaults: {},
    ...overrides,
  };
}

/** Every switch on. */
export function openPolicy(overrides: Partial<ContainerPolicy> = {}): ContainerPolicy {
  return lockedPolicy({
    allowPrivileged: true,
    allowHostVolumes: true,
    processRunner: "host",
    allowHostNetwork: true,
    allowPortBindings: true,
    allowDeviceRequests: true,
    ...overrides,
  });
}
