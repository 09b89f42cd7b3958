// How property values look on the wire between the engine and a provider (Struct.toJavaScript):
// unknowns are a sentinel string, secrets/assets/archives are objects tagged with a signature key.
import { randomBytes } from "crypto";

export type PropertyMap = Record<string, unknown>;

/** The engine's sentinel for a value not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

export function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as PropertyMap)[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): PropertyMap {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** The value with every secret wrapper removed (assets and archives are left as they are). */
export function reveal(value: unknown): unknown {
    if (isSecret(value)) return reveal(value.value);
    if (Array.isArray(value)) return value.map(reveal);
    if (typeof value === "object" && value !== null) {
        const out: PropertyMap = {};
        for (const [k, v] of Object.entries(value)) out[k] = reveal(v);
        return out;
    }
    return value;
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (isSecret(value)) return containsUnknown(value.value);
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
    return false;
}

/** A known string (secret or not), or undefined when absent, unknown or not a string. */
export function knownString(value: unknown): string | undefined {
    const v = reveal(value);
    return typeof v === "string" && v !== UNKNOWN ? v : undefined;
}

export function knownNumber(value: unknown): number | undefined {
    const v = reveal(value);
    if (typeof v === "number") return v;
    if (typeof v === "string" && v !== UNKNOWN && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return undefined;
}

export function knownBoolean(value: unknown): boolean | undefined {
    const v = reveal(value);
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
}

/** Structural equality after revealing secrets; an unknown on either side is "different". */
export function sameValue(a: unknown, b: unknown): boolean {
    if (containsUnknown(a) || containsUnknown(b)) return false;
    return JSON.stringify(canonical(reveal(a))) === JSON.stringify(canonical(reveal(b)));
}

function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, canonical((value as PropertyMap)[k])]),
        );
    }
    return value;
}

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
const upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Random characters from an alphabet (lower-case letters and digits unless told). */
export function randomChars(length: number, alphabet: string = lowerAlnum): string {
    const bytes = randomBytes(length);
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
    return out;
}

export function randomUpper(length: number): string {
    return randomChars(length, upperAlnum);
}

export function randomHex(length: number): string {
    return randomBytes(Math.ceil(length / 2))
        .toString("hex")
        .slice(0, length);
}

export function randomUuid(): string {
    const h = randomHex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The parts of a resource URN: urn:pulumi:<stack>::<project>::<parent$type>::<name>. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
    const parts = urn.split("::");
    const stack = parts[0]?.replace(/^urn:pulumi:/, "") ?? "";
    const qualifiedType = parts[2] ?? "";
    const type = qualifiedType.split("$").pop() ?? qualifiedType;
    return { stack, project: parts[1] ?? "", type, name: parts.slice(3).join("::") };
}
