#!/usr/bin/env bash
# Debian's docker-compose (1.29, the v1 CLI) for Kestra's Docker Compose task, which the server runs
# against its own Docker engine (lib/tasks/docker-compose-runner.ts).
source "$(dirname "$0")/lib.sh"
command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
