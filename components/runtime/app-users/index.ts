// Lambda entry point (bundled to index.js, handler "index.handler").
import { secretsManagerStore } from "../aws";
import { createAppUsersHandler } from "./handler";

export const handler = createAppUsersHandler({ secrets: secretsManagerStore() });
