export { dbNoDefaultAdmin } from "./db-no-default-admin";
export { dbManagedCredentials } from "./db-managed-credentials";
export { dbIamAuth } from "./db-iam-auth";
export { dbCacheAuth } from "./db-cache-auth";
export { dbAppUsersLeastPrivilege } from "./db-app-users-least-privilege";
