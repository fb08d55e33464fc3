import {
  DOCKER_IMAGE_LS,
  DOCKER_PULL,
  DOCKER_PUSH,
  DOCKER_RM,
  DOCKER_STOP,
  DOCKER_TAG,
} from "../flow/task-types/docker-image-tasks";
import { DOCKER_PRUNE } from "../flow/task-types/docker-prune";
import { DOCKER_COMPOSE } from "../flow/task-types/docker-compose";
import type { CoreTaskRunner } from "./core-tasks";
import { runCompose } from "./docker-compose-runner";
import { runImageLs, runPull, runPush, runTag } from "./docker-image-runners";
import { runPrune } from "./docker-prune-runner";
import { runRm, runStop } from "./docker-remove-runners";

/** Kestra's Docker tasks on images and containers, run in the server (Run and Build run as worker tasks). */
export const DOCKER_TASK_RUNNERS: Record<string, CoreTaskRunner> = {
  [DOCKER_PULL]: runPull,
  [DOCKER_TAG]: runTag,
  [DOCKER_PUSH]: runPush,
  [DOCKER_RM]: runRm,
  [DOCKER_STOP]: runStop,
  [DOCKER_IMAGE_LS]: runImageLs,
  [DOCKER_PRUNE]: runPrune,
  [DOCKER_COMPOSE]: runCompose,
};
