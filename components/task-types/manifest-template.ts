/** What a new task type starts from: every part of a manifest, working as it stands. */
export const MANIFEST_TEMPLATE = `type: acme.tasks.Hello
title: Say hello
description: |
  Greets \`name\`, \`times\` times, and reports the greeting as an output.
image: osprey/shell:latest
properties:
  type: object
  required: [name]
  properties:
    name: {type: string, description: Who to greet}
    times: {type: integer, minimum: 1, default: 1, description: How many times}
# Each property reaches the container as PROP_<NAME> and in properties.json.
propertiesAs:
  env: PROP_
  file: properties.json
commands:
  - i=0; while [ $i -lt "$PROP_TIMES" ]; do echo "hello $PROP_NAME"; i=$((i+1)); done
  - echo '::{"outputs":{"greeting":"hello '"$PROP_NAME"'"}}::'
outputs:
  greeting: {type: string, description: The greeting}
example: |
  - id: hello
    type: acme.tasks.Hello
    name: World
`;
