// Passwords: generated from the OS CSPRNG, and for PostgreSQL turned into a SCRAM-SHA-256 verifier
// before they reach the server, so ALTER ROLE never carries a cleartext password into the server
// log (log_statement = ddl logs every ALTER ROLE).
import saslprep from "@mongodb-js/saslprep";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "crypto";

/** 32 random bytes, base64url: 43 characters, 256 bits, no quotes or slashes. */
export function generatePassword(): string {
    return randomBytes(32).toString("base64url");
}

/** PostgreSQL's default iteration count (scram_iterations). */
export const scramIterations = 4096;

/**
 * The verifier PostgreSQL stores for `password` (RFC 5802 / 7677), in pg_authid's format:
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>. `password` must already be prepared
 * (see `saslprepPassword`); `passwordVerifier` does both.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = scramIterations): string {
    const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = createHash("sha256").update(clientKey).digest();
    const serverKey = createHmac("sha256", salted).update("Server Key").digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/**
 * The password as PostgreSQL prepares it before hashing (src/common/saslprep.c): pure ASCII is used
 * as is; otherwise SASLprep (RFC 4013: map, NFKC, prohibit, bidi, unassigned in Unicode 3.2), and
 * when SASLprep refuses the string (or leaves nothing) the raw password. PostgreSQL runs its
 * prohibited-character check before normalizing, the library after: U+0340 / U+0341 are the
 * prohibited code points NFKC rewrites, so they are sent down the raw path here explicitly.
 */
export function saslprepPassword(password: string): string {
    if (/^\p{ASCII}*$/u.test(password)) return password;
    if (/[\u0340\u0341]/.test(password)) return password;
    try {
        const prepared = saslprep(password);
        return prepared === "" ? password : prepared;
    } catch {
        return password;
    }
}

/** The verifier for any password: what goes into CREATE / ALTER ROLE ... PASSWORD instead of the password. */
export function passwordVerifier(password: string): string {
    return scramSha256Verifier(saslprepPassword(password));
}
