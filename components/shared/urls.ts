// Credentials in URLs: values that land in tags and Pulumi state (readable by anyone who can read
// the account's tags or the stack) must carry none.

/** Query parameters that carry a credential when they appear in a URL. */
const credentialParameterNames = [
    "password",
    "passwd",
    "pwd",
    "pass",
    "token",
    "access_token",
    "auth_token",
    "id_token",
    "refresh_token",
    "secret",
    "client_secret",
    "api_key",
    "apikey",
    "auth",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
];
const credentialParameters = new RegExp(`^(${credentialParameterNames.join("|")})$`, "i");

// The user info runs to the last "@" before the host (RFC 3986).
const userInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"]*@/gi;
const credentialQueryValue = new RegExp(`([?&](?:${credentialParameterNames.join("|")})=)[^&#\\s"]*`, "gi");

/**
 * `text` with the credentials of any URL in it masked (user:password@ and credential query
 * values become ***), so a message that shows a refused value does not print the secret.
 */
export function redactUrlCredentials(text: string): string {
    return text.replace(userInfo, "$1***@").replace(credentialQueryValue, "$1***");
}

/**
 * Why `value` holds a credential in a URL (user:password@ or a token-like query parameter), or
 * undefined. Tags and Pulumi state are readable by everyone with read access to the account or the
 * stack, so a URL that lands there must carry no secret.
 */
export function urlCredentialProblem(value: string): string | undefined {
    for (const candidate of value.match(/[a-z][a-z0-9+.-]*:\/\/[^\s]+/gi) ?? []) {
        let url: URL;
        try {
            url = new URL(candidate);
        } catch {
            if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(candidate))
                return "holds credentials (user:password@) in a URL, which would land in tags and Pulumi state; remove them (the page's own login protects it)";
            continue;
        }
        if (url.username !== "" || url.password !== "") return "holds credentials (user:password@) in a URL, which would land in tags and Pulumi state; remove them (the page's own login protects it)";
        const keys = [...url.searchParams.keys()].filter((k) => credentialParameters.test(k));
        if (keys.length > 0) return `holds a credential in the URL's query (${keys.join(", ")}), which would land in tags and Pulumi state; link the page without it`;
    }
    return undefined;
}
