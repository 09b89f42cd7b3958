// What a component registers as its inputs, as far as readers outside it rely on it:
// db-connection-limits reads the pools and the reserve, db-app-users-least-privilege the app users,
// `db-preflight verify` the restore validation queries. The components declare their registered
// inputs with this type and the readers name it in `get<ComponentInputs>(...)`, so a rename or a
// change of shape on either side is a compile error.

export interface RegisteredConnectionPool {
    name: string;
    size: number;
    replicas: number;
}

export interface RegisteredAppUser {
    name: string;
    privilege: string;
    databases: readonly string[];
}

export interface RegisteredValidationQuery {
    name: string;
    sql: string;
    database?: string;
}

export interface ComponentInputs {
    connectionPools: readonly RegisteredConnectionPool[];
    reservedConnections: number;
    appUsers: readonly RegisteredAppUser[];
    /** `restoreValidation` is false when restore tests are off or not validated. */
    backup: { restoreValidation: false | { queries: readonly RegisteredValidationQuery[] } };
}
