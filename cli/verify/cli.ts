// The `verify` subcommand's command line (commander), registered next to `report`.
import { Command, Option } from "commander";
import type { VerifyIo, VerifyOptions } from "./command";

/** Output formats, as `report` has them. */
const verifyFormats = ["markdown", "json", "sarif"] as const;

const repeatable = (v: string, acc: string[] = []) => [...acc, v];

export function registerVerify(cli: Command, io: VerifyIo, version: string, done: (code: number) => void): void {
    cli.command("verify")
        .description(
            "Before go-live, check on the live AWS account what configuration cannot show (read-only): the latest backup and copy jobs completed, " +
                "point-in-time restore is current, the latest restore test was validated, secrets rotate and are populated, TLS is in force (no pending reboot), " +
                "nothing is public, the health check reports success, alarms are armed and reach a confirmed subscriber, drills are recent.",
        )
        .addOption(new Option("--state <file>", "the stack's state from `pulumi stack export`; - reads stdin").conflicts("stack"))
        .option("--stack <name>", "read the stack with `pulumi stack export --stack <name>` (the Pulumi CLI, logged in to the stack's backend)")
        .option("--region <region>", "AWS region for resources whose ARN does not say (default: the SDK's region chain)")
        .option("--database <identifier>", "check only this database (identifier or Pulumi name; repeatable)", repeatable)
        .addOption(new Option("-f, --format <format>", "output format").choices(verifyFormats).default("markdown"))
        .option("-o, --output <file>", "write the report to a file instead of stdout")
        .option("--print-iam-policy", "print the least-privilege IAM policy verify needs (with --drill restore: the drill's too) and exit")
        .option("--drill <drill>", "also run a drill on the live account: `restore` restores the latest recovery point to a temporary instance, validates it and deletes it (needs --yes)")
        .option("--yes", "go ahead with --drill (it creates a temporary database for the length of the drill)")
        .option("--validation-query <sql>", "the query the restore drill runs on the restored copy (default: SELECT 1, then the checks the component declares for its restore tests)")
        .option("--pitr-max-lag-minutes <n>", "how far behind now the latest restorable time may be (default 15)")
        .option("--backup-margin-hours <n>", "margin after a backup plan's windows before a job is late (default 1)")
        .option("--restore-test-max-age-days <n>", "how old a validated restore test may be when no restore testing plan is declared (default 8)")
        .option("--drill-max-age-days <n>", "how old a recorded drill may be (default 90)")
        .option("--health-window-minutes <n>", "how far back the health check's metric is read (default 15)")
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  db-preflight verify --stack production",
                "  pulumi stack export > state.json && db-preflight verify --state state.json --format sarif -o verify.sarif",
                "  db-preflight verify --print-iam-policy > verify-policy.json",
                "  db-preflight verify --stack production --database orders --drill restore --yes",
                "",
                "Credentials come from the default AWS SDK chain (AWS_PROFILE, environment, SSO, instance role).",
                "Each check is pass, fail or cannot verify (the missing IAM permission is named); a mandatory check that fails or cannot be verified blocks go-live.",
                "Exit codes: 0 ready, 1 a mandatory check failed or could not be verified (or the drill failed), 2 unusable input or arguments, 130 drill interrupted.",
            ].join("\n"),
        )
        // Loaded when verify runs: `report` and `--help` need none of the AWS SDK.
        // (require, not import(): the CLI runs TypeScript through a require hook, which import() bypasses)
        .action(async (options: VerifyOptions) => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { verify } = require("./command") as typeof import("./command");
            done(await verify(options, io, version));
        });
}
