// Least-privilege application users: each declared user gets its own Secrets Manager secret, created
// empty; the provisioner Lambda (in the database's subnets) generates the password, writes it to the
// secret and creates the user with the grants its privilege level allows. Pulumi never sees a
// password, so none is in the state. The provisioner runs again whenever the declared users (or the
// database's endpoint) change, through an aws.lambda.Invocation whose input is the request. The
// same function rotates each user's password on a schedule (Secrets Manager rotation).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppUsersRequest } from "../runtime/app-users/request";
import { tlsEnvironment } from "../runtime/database";
import { accountOf } from "./iam";
import { DatabaseFunction, DatabaseReach, databaseFunction } from "./lambda";

export interface DeclaredAppUser {
    name: string;
    privilege: AppUsersRequest["users"][number]["privilege"];
    databases: string[];
    schemas?: string[];
}

/** The provisioner's invocation waits for the database through `address` and `port`. */
export interface AppUsersArgs extends DatabaseReach {
    users: DeclaredAppUser[];
    /** Days between automatic password rotations. */
    rotationDays: number;
}

export interface AppUsers {
    secrets: Record<string, aws.secretsmanager.Secret>;
    provisioner: DatabaseFunction;
    invocation: aws.lambda.Invocation;
    rotationPermission: aws.lambda.Permission;
    rotations: Record<string, aws.secretsmanager.SecretRotation>;
}

/** The provisioner's request: what the users should be, with the secret each one's password goes to. */
export function appUsersRequest(
    args: Pick<AppUsersArgs, "engine" | "databaseName" | "users">,
    endpoint: { host: string; port: number; masterSecretArn: string },
    secretArns: Record<string, string>,
): AppUsersRequest {
    return {
        engine: args.engine,
        host: endpoint.host,
        port: endpoint.port,
        database: args.databaseName,
        masterSecretArn: endpoint.masterSecretArn,
        users: args.users.map((u) => ({
            name: u.name,
            privilege: u.privilege,
            databases: u.databases,
            ...(u.schemas ? { schemas: u.schemas } : {}),
            secretArn: secretArns[u.name],
        })),
    };
}

export function appUsers(name: string, args: AppUsersArgs, parent: pulumi.Resource): AppUsers {
    const secrets: Record<string, aws.secretsmanager.Secret> = {};
    for (const user of args.users) {
        secrets[user.name] = new aws.secretsmanager.Secret(
            `${name}-user-${user.name}`,
            {
                namePrefix: `db-preflight/${args.identifier}/${user.name}-`,
                description: `Login of ${user.name} (${user.privilege}) on ${args.identifier}; the app-users provisioner writes it`,
                kmsKeyId: args.kmsKeyArn,
                tags: args.tags,
            },
            { parent },
        );
    }
    const secretArns = Object.values(secrets).map((s) => s.arn);
    const provisioner = databaseFunction(
        name,
        {
            database: args,
            purpose: "app-users",
            description: "App-user provisioner",
            environment: tlsEnvironment({ mode: "require" }),
            statements: [
                { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: args.masterSecretArn },
                {
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecretVersionStage"],
                    Resource: secretArns,
                },
                { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
            ],
            timeoutSeconds: 120,
        },
        parent,
    );
    const request = pulumi
        .all([args.address, args.port, args.masterSecretArn, pulumi.all(Object.fromEntries(Object.entries(secrets).map(([n, s]) => [n, s.arn])))])
        .apply(([host, port, masterSecretArn, arns]) => JSON.stringify(appUsersRequest(args, { host, port, masterSecretArn }, arns)));
    const invocation = new aws.lambda.Invocation(`${name}-app-users-run`, { functionName: provisioner.function.name, input: request }, { parent, dependsOn: [provisioner.function] });
    const rotationPermission = new aws.lambda.Permission(
        `${name}-app-users-rotation-permission`,
        {
            action: "lambda:InvokeFunction",
            function: provisioner.function.name,
            principal: "secretsmanager.amazonaws.com",
            sourceAccount: provisioner.function.arn.apply(accountOf),
        },
        { parent },
    );
    const rotations: Record<string, aws.secretsmanager.SecretRotation> = {};
    for (const [user, secret] of Object.entries(secrets)) {
        rotations[user] = new aws.secretsmanager.SecretRotation(
            `${name}-user-${user}-rotation`,
            {
                secretId: secret.id,
                rotationLambdaArn: provisioner.function.arn,
                rotationRules: { automaticallyAfterDays: args.rotationDays },
                // The provisioner has just written the first password; the schedule takes it from there.
                rotateImmediately: false,
            },
            // Rotation starts from the current password, which exists once the provisioner has run.
            { parent, dependsOn: [invocation, rotationPermission] },
        );
    }
    return { secrets, provisioner, invocation, rotationPermission, rotations };
}
