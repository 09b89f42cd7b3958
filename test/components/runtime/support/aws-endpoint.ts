// A local HTTP endpoint that speaks the two AWS JSON protocols the runtime's real adapters use
// (Secrets Manager: JSON 1.1, CloudWatch: JSON 1.0), backed by the in-memory fake store, so the
// bundled Lambda code runs with the real SDK clients (AWS_ENDPOINT_URL_<SERVICE> points them here).
import * as http from "http";
import { AddressInfo } from "net";
import { FakeSecretsStore } from "./fakes";

export interface AwsRequest {
    target: string;
    body: Record<string, unknown>;
}

export interface FakeAwsEndpoint {
    url: string;
    requests: AwsRequest[];
    /** Environment for a child process whose SDK clients should talk to this endpoint. */
    env: Record<string, string>;
    close(): Promise<void>;
}

class NotFound extends Error {}

export async function fakeAwsEndpoint(secrets: FakeSecretsStore): Promise<FakeAwsEndpoint> {
    const requests: AwsRequest[] = [];
    const handle = async (target: string, body: Record<string, unknown>): Promise<unknown> => {
        const id = String(body.SecretId ?? "");
        const named = { ARN: id, Name: id };
        switch (target) {
            case "secretsmanager.GetSecretValue": {
                const value = await secrets.getSecretValue(id, { versionId: body.VersionId as string | undefined, versionStage: body.VersionStage as string | undefined });
                if (value === undefined) throw new NotFound(`Secrets Manager can't find the specified secret value for staging label: ${body.VersionStage ?? "AWSCURRENT"}`);
                return { ...named, SecretString: value.secretString, VersionId: value.versionId, VersionStages: value.versionStages, CreatedDate: Date.now() / 1000 };
            }
            case "secretsmanager.PutSecretValue": {
                const versionId = await secrets.putSecretValue(id, String(body.SecretString), {
                    clientRequestToken: body.ClientRequestToken as string | undefined,
                    versionStages: body.VersionStages as string[] | undefined,
                });
                return { ...named, VersionId: versionId, VersionStages: body.VersionStages ?? ["AWSCURRENT"] };
            }
            case "secretsmanager.DescribeSecret": {
                const d = await secrets.describeSecret(id);
                return { ...named, RotationEnabled: d.rotationEnabled, VersionIdsToStages: d.versionIdsToStages };
            }
            case "secretsmanager.UpdateSecretVersionStage":
                await secrets.updateSecretVersionStage(id, String(body.VersionStage), String(body.MoveToVersionId), body.RemoveFromVersionId as string | undefined);
                return named;
            case "GraniteServiceVersion20100801.PutMetricData":
                return {};
            default:
                throw new Error(`fake AWS endpoint: unsupported operation ${target}`);
        }
    };
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            const contentType = String(req.headers["content-type"] ?? "application/x-amz-json-1.1");
            const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
            requests.push({ target, body });
            handle(target, body).then(
                (out) => {
                    res.writeHead(200, { "content-type": contentType });
                    res.end(JSON.stringify(out));
                },
                (error: Error) => {
                    const type = error instanceof NotFound ? "ResourceNotFoundException" : "InternalServiceError";
                    res.writeHead(error instanceof NotFound ? 400 : 500, { "content-type": contentType, "x-amzn-errortype": type });
                    res.end(JSON.stringify({ __type: type, message: error.message }));
                },
            );
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        requests,
        env: {
            AWS_REGION: "eu-west-1",
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "example",
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
            AWS_ENDPOINT_URL_CLOUDWATCH: url,
        },
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
