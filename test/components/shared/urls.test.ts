// Credentials in URLs: found (so the value is refused) and masked (so the refusal does not print them).
import { redactUrlCredentials, urlCredentialProblem } from "../../../components/shared/urls";

describe("redactUrlCredentials", () => {
    it.each([
        ["https://alice:s3cret@wiki.example.com/orders", "https://***@wiki.example.com/orders"],
        // The user info runs to the last "@" before the host.
        ["https://a@b:c@host.example.com/x", "https://***@host.example.com/x"],
        ["https://wiki.example.com/x?y=1&password=hunter2&ok=1#f", "https://wiki.example.com/x?y=1&password=***&ok=1#f"],
        ["HTTPS://U:P@H.example.com/?TOKEN=z", "HTTPS://***@H.example.com/?TOKEN=***"],
        ['owner: "https://u:p@pager.example.com/orders" holds', 'owner: "https://***@pager.example.com/orders" holds'],
    ])("masks %s", (text, masked) => {
        expect(redactUrlCredentials(text)).toBe(masked);
    });

    it.each(["https://example.com/a@b", "mailto:ops@example.com", "https://wiki.example.com/orders?page=2", "no URL at all"])("leaves %s as it is", (text) => {
        expect(redactUrlCredentials(text)).toBe(text);
    });

    it("masks whatever urlCredentialProblem refuses", () => {
        for (const url of ["https://alice:s3cret@wiki.example.com/", "https://wiki.example.com/?api_key=s3cret", "https://wiki.example.com/?X-Amz-Security-Token=s3cret"]) {
            expect(urlCredentialProblem(url)).toBeDefined();
            expect(redactUrlCredentials(url)).not.toContain("s3cret");
        }
    });
});
