// RDS certificate authorities. Source: RDS User Guide, "Using SSL/TLS to encrypt a connection to a
// DB instance or cluster" and "Rotating your SSL/TLS certificate".

/** CAs RDS signs server certificates with today. */
export const currentCaCertificates = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;

/** CAs that have expired: rds-ca-2019 in August 2024, rds-ca-2015 in March 2020. */
export const expiredCaCertificates = ["rds-ca-2019", "rds-ca-2015"] as const;

/**
 * The CA RDS assigns to a new DB instance or Multi-AZ DB cluster created without a CA identifier:
 * rds-ca-rsa2048-g1 since January 2024, when rds-ca-2019 stopped being the default ahead of its
 * expiry (the account-level default can be overridden with ModifyCertificates).
 */
export const defaultCaCertificate = "rds-ca-rsa2048-g1";

/**
 * The CA the components pin and the pack suggests: our choice, where defaultCaCertificate is AWS's.
 * Today we recommend AWS's default (RSA 2048, which every client trusts); the components still pin
 * it, so a database stays on it whatever the account's default says. Should AWS move its default,
 * decide whether to follow and, if not, give this its own value.
 */
export const recommendedCaCertificate = defaultCaCertificate;
