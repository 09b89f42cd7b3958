// Keeping passwords out of what the runtime functions throw, log and return. Driver errors carry the
// statement they ran in enumerable properties (mysql2's `sql` holds `IDENTIFIED BY 'the password'`
// after client-side formatting; a syntax error's message quotes the statement), and the Lambda
// runtime logs every enumerable property of a thrown error. So a driver error never leaves a runtime
// function as it is: it is replaced by a plain copy with the fields that say what went wrong (code,
// errno, SQLSTATE, message, detail) and every known secret, in every spelling a driver or server
// could have quoted it in, replaced by <redacted>.
import type { SecretsStore, SecretValue } from "./aws";

export const redactedMark = "<redacted>";

/** The fields of a driver error worth keeping (none can hold a statement). */
const keptFields = ["code", "errno", "sqlState", "severity", "detail", "hint", "routine", "fatal", "stage"] as const;

/** The ways a secret can appear in text: as is, quoted the way MySQL, PostgreSQL and JSON quote it, and its long plain runs. */
function spellings(secret: string): string[] {
    // eslint-disable-next-line no-control-regex -- MySQL escapes Ctrl-Z (\x1a) along with NUL, backspace, tab and newlines.
    const mysqlQuoted = secret.replace(/[\0\b\t\n\r\x1a"'\\]/g, (c) => `\\${({ "\0": "0", "\b": "b", "\t": "t", "\n": "n", "\r": "r", "\x1a": "Z" } as Record<string, string>)[c] ?? c}`);
    const sqlQuoted = secret.replace(/'/g, "''");
    const jsonQuoted = JSON.stringify(secret).slice(1, -1);
    // And every long run of letters and digits in it: whatever quoting a driver or server applied, those survive unchanged.
    const runs = secret.match(/[\p{L}\p{N}]{8,}/gu) ?? [];
    return [...new Set([secret, mysqlQuoted, sqlQuoted, jsonQuoted, ...runs])];
}

/** Below this length a secret is only redacted where it stands alone (not inside a longer word): a
 * password like "p" would otherwise mangle every message, and in a word it says nothing. */
const shortSecret = 8;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` with every secret replaced. Empty secrets are ignored (they would match everywhere). */
export function redactText(text: string, secrets: Iterable<string>): string {
    // Longest first, so a secret that contains another is replaced whole.
    const all = [...new Set(secrets)].filter((secret) => secret !== "").flatMap((secret) => spellings(secret).map((spelling) => ({ spelling, short: secret.length < shortSecret })));
    let out = text;
    for (const { spelling, short } of all.sort((a, b) => b.spelling.length - a.spelling.length)) {
        out = short ? out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(spelling)}(?![\\p{L}\\p{N}])`, "gu"), redactedMark) : out.split(spelling).join(redactedMark);
    }
    return out;
}

/**
 * A copy of `error` safe to throw, log or return: same class name and message (redacted), the
 * diagnostic fields above (strings redacted), a stack with the secrets removed, and nothing else
 * (no `sql`, `sqlMessage`, parameters or cause chains that could hold a statement).
 */
export function redactedError(error: unknown, secrets: Iterable<string>): Error {
    const list = [...secrets];
    const source = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
    const message = redactText(error instanceof Error ? error.message : String(error), list);
    const copy = new Error(message);
    const name = error instanceof Error ? error.name : "Error";
    Object.defineProperty(copy, "name", { value: name, enumerable: false, writable: true, configurable: true });
    // Same prototype, so `instanceof ProvisioningError` and friends still hold for callers.
    if (error instanceof Error) Object.setPrototypeOf(copy, Object.getPrototypeOf(error));
    for (const field of keptFields) {
        const value = source[field];
        if (value === undefined || value === null) continue;
        if (typeof value === "string") (copy as unknown as Record<string, unknown>)[field] = redactText(value, list);
        else if (typeof value === "number" || typeof value === "boolean") (copy as unknown as Record<string, unknown>)[field] = value;
    }
    const frames = error instanceof Error && typeof error.stack === "string" ? error.stack.split("\n").filter((l) => /^\s+at /.test(l)) : [];
    copy.stack = [`${name}: ${message}`, ...frames.map((l) => redactText(l, list))].join("\n");
    return copy;
}

/** Runs `work`; whatever it throws leaves as a redacted copy (see `redactedError`). */
export async function redactingErrors<T>(secrets: () => Iterable<string>, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw redactedError(error, secrets());
    }
}

/** The `password` (and `masterPassword`) fields of a secret's JSON, if any. */
function passwordsIn(secretString: string): string[] {
    try {
        const json = JSON.parse(secretString) as unknown;
        if (typeof json !== "object" || json === null) return [secretString];
        return Object.entries(json as Record<string, unknown>)
            .filter(([k, v]) => /password/i.test(k) && typeof v === "string")
            .map(([, v]) => v as string);
    } catch {
        // Not JSON: the whole string is the secret.
        return [secretString];
    }
}

/**
 * A secrets store that remembers every password it read or wrote, so an error raised later can be
 * redacted of all of them (master, app users, generated and rotated ones) without threading each
 * password through every function.
 */
export function rememberingPasswords<S extends Pick<SecretsStore, "getSecretValue"> & Partial<SecretsStore>>(store: S): { store: S; passwords: Set<string> } {
    const passwords = new Set<string>();
    const remember = (value: SecretValue | undefined) => {
        if (value !== undefined) for (const p of passwordsIn(value.secretString)) passwords.add(p);
        return value;
    };
    // A proxy, not a copy: every other method runs on the store itself, unchanged.
    const wrapped = new Proxy(store, {
        get(target, property) {
            if (property === "getSecretValue") {
                const get = target.getSecretValue.bind(target) as SecretsStore["getSecretValue"];
                return async (...args: Parameters<SecretsStore["getSecretValue"]>) => remember(await get(...args));
            }
            if (property === "putSecretValue" && target.putSecretValue !== undefined) {
                const put = target.putSecretValue.bind(target);
                return async (...args: Parameters<SecretsStore["putSecretValue"]>) => {
                    for (const p of passwordsIn(args[1])) passwords.add(p);
                    return put(...args);
                };
            }
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
    });
    return { store: wrapped, passwords };
}
