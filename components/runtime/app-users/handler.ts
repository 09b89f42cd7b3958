// The app-users Lambda: a provisioning request from the component, or a Secrets Manager rotation
// step for one of the app-user secrets. Each outcome is logged as one JSON line (never a password).
import { SecretsStore } from "../aws";
import { tlsFromEnv } from "../database";
import { AppUsersResult, provisionAppUsers } from "./provision";
import { RotationResult, isRotationEvent, rotateSecret } from "./rotation";

export interface AppUsersHandlerDeps {
    secrets: SecretsStore;
    env?: Record<string, string | undefined>;
    log?: (line: string) => void;
}

export function createAppUsersHandler(deps: AppUsersHandlerDeps): (event: unknown) => Promise<AppUsersResult | RotationResult> {
    const log = deps.log ?? ((line: string) => console.log(line));
    return async (event) => {
        const tls = tlsFromEnv(deps.env ?? process.env);
        if (isRotationEvent(event)) {
            const result = await rotateSecret(event, { secrets: deps.secrets, tls });
            log(JSON.stringify({ level: "info", msg: "rotation step", ...result }));
            return result;
        }
        const result = await provisionAppUsers(event, { secrets: deps.secrets, tls });
        log(JSON.stringify({ level: "info", msg: result.changed ? "app users changed" : "app users unchanged", ...result }));
        return result;
    };
}
