// Which CA RDS gives a database when caCertIdentifier is not set.

/**
 * The CA RDS assigns to a new DB instance or Multi-AZ DB cluster created without a CA identifier:
 * rds-ca-rsa2048-g1 since January 2024, when rds-ca-2019 stopped being the default ahead of its
 * August 2024 expiry (RDS User Guide, "Using SSL/TLS to encrypt a connection to a DB instance or
 * cluster"; the account-level default can be overridden with ModifyCertificates).
 */
export const defaultCaCertificate = "rds-ca-rsa2048-g1";
