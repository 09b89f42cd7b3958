import { currentCaCertificates, defaultCaCertificate, expiredCaCertificates, recommendedCaCertificate } from "../../aws-facts/certificates";

describe("RDS certificate authorities", () => {
    it("recommends a current CA, never an expired one", () => {
        expect(currentCaCertificates).toContain(recommendedCaCertificate);
        expect(expiredCaCertificates).not.toContain(recommendedCaCertificate);
    });

    it("knows the default RDS gives a new database is a current CA", () => {
        expect(currentCaCertificates).toContain(defaultCaCertificate);
    });

    it("keeps the current and expired lists apart", () => {
        expect(currentCaCertificates.filter((ca) => (expiredCaCertificates as readonly string[]).includes(ca))).toEqual([]);
    });
});
