// AWS tag limits, the same for RDS, Lambda, SNS, Secrets Manager, KMS, CloudWatch and AWS Backup.
// Sources: "Tagging AWS resources" (Tagging Best Practices) and RDS AddTagsToResource: a key is 1-128
// Unicode characters, a value 0-256; keys starting "aws:" (any case) are reserved for AWS; allowed
// characters are letters, digits, spaces and _ . : / = + - @ ; at most 50 user tags per resource.

export const tagLimits = { keyMax: 128, valueMax: 256, perResource: 50 } as const;
export const reservedTagPrefix = "aws:";
export const tagCharacters = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Characters of `text` outside what AWS accepts in tags, each once, in order. */
function badCharacters(text: string): string[] {
    return [...new Set([...text].filter((c) => !tagCharacters.test(c)))];
}

/** Why `key` cannot be a tag key, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
    if (key.length === 0) return "is empty; a tag key has 1-128 characters";
    if (key.toLowerCase().startsWith(reservedTagPrefix)) return `starts with "${reservedTagPrefix}", which AWS reserves for its own tags; choose another key`;
    if ([...key].length > tagLimits.keyMax) return `is ${[...key].length} characters long; AWS takes tag keys of at most ${tagLimits.keyMax}`;
    const bad = badCharacters(key);
    if (bad.length > 0) return `holds ${bad.map((c) => JSON.stringify(c)).join(", ")}, which AWS refuses in tags; use letters, digits, spaces and _ . : / = + - @`;
    return undefined;
}

/** Why `value` cannot be a tag value, or undefined. */
export function tagValueProblem(value: string): string | undefined {
    if ([...value].length > tagLimits.valueMax) return `is ${[...value].length} characters long; AWS takes tag values of at most ${tagLimits.valueMax}`;
    const bad = badCharacters(value);
    if (bad.length > 0) return `holds ${bad.map((c) => JSON.stringify(c)).join(", ")}, which AWS refuses in tags; use letters, digits, spaces and _ . : / = + - @`;
    return undefined;
}
