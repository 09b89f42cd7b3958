// Passwords: generated from the OS CSPRNG, and for PostgreSQL turned into a SCRAM-SHA-256 verifier
// before they reach the server, so ALTER ROLE never carries a cleartext password into the server
// log (log_statement = ddl logs every ALTER ROLE).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "crypto";

/** 32 random bytes, base64url: 43 characters, 256 bits, no quotes or slashes. */
export function generatePassword(): string {
    return randomBytes(32).toString("base64url");
}

/** PostgreSQL's default iteration count (scram_iterations). */
export const scramIterations = 4096;

/**
 * The verifier PostgreSQL stores for `password` (RFC 5802 / 7677), in pg_authid's format:
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>. Only for passwords SASLprep leaves
 * unchanged (printable ASCII); see `canPrehash`.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = scramIterations): string {
    const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = createHash("sha256").update(clientKey).digest();
    const serverKey = createHmac("sha256", salted).update("Server Key").digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** SASLprep changes nothing in printable ASCII, so the verifier computed here is the one the server would compute. */
export function canPrehash(password: string): boolean {
    return /^[\x20-\x7e]*$/.test(password);
}
