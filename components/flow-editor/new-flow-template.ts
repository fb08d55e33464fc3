export const NEW_FLOW_TEMPLATE = `id: hello_world
namespace: company.team
description: A first flow. Edit it, save with Ctrl+S, run with Ctrl+Enter.

tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello from Osprey
`;
