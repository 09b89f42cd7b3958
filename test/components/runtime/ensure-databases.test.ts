// scripts/ensure-databases.sh, which the test script runs before the real-database tiers.
import { spawnSync } from "child_process";
import * as path from "path";
import { closedPort } from "./support/tcp";

const script = path.join(__dirname, "..", "..", "..", "scripts", "ensure-databases.sh");
const run = (env: Record<string, string> = {}) => spawnSync("bash", [script], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 20_000 });

describe("scripts/ensure-databases.sh", () => {
    it("is quiet and succeeds when both servers answer (and again: idempotent)", () => {
        for (let i = 0; i < 2; i++) {
            const r = run();
            expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
        }
    });

    it("fails with one line naming the server that stays down", async () => {
        const port = String(await closedPort());
        const r = run({ DBP_MARIADB_PORT: port, DBP_DB_WAIT_SECONDS: "1" });
        expect(r.status).toBe(1);
        const lines = r.stderr.trim().split("\n");
        expect(lines[lines.length - 1]).toMatch(new RegExp(`^ensure-databases: MariaDB is still down at 127\\.0\\.0\\.1:${port} after 1s`));
        expect(r.stderr).not.toMatch(/PostgreSQL/);
    });
});
