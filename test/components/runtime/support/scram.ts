// Checks a PostgreSQL SCRAM-SHA-256 verifier (pg_authid.rolpassword) against a password, the way the
// server does at login: the only way to prove a password here, where pg_hba trusts every local login.
import { createHash, createHmac, pbkdf2Sync } from "crypto";

export function scramVerifierMatches(verifier: string, password: string): boolean {
    const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
    if (m === null) return false;
    const [, iterations, salt, storedKey, serverKey] = m;
    const salted = pbkdf2Sync(password, Buffer.from(salt, "base64"), Number(iterations), 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    return createHash("sha256").update(clientKey).digest("base64") === storedKey && createHmac("sha256", salted).update("Server Key").digest("base64") === serverKey;
}
