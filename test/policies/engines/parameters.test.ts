// The parameter switches read from groups and workgroups: values AWS accepts, lists, unknowns.
import { auditRules, tlsRules } from "../../../policies/engines/parameter-rules";
import { readParameter } from "../../../policies/engines/parameters";
import { docdbTypes } from "../../../aws-facts/docdb";
import { neptuneTypes } from "../../../aws-facts/neptune";
import { redshiftTypes } from "../../../aws-facts/redshift";
import { makeResource } from "../../../policies/lib/resource";
import { unknownSentinels } from "../helpers";

const rule = (rules: typeof tlsRules, type: string) => rules.find((r) => r.clusterType === type)!;
const group = (props: Record<string, unknown>) => makeResource({ type: docdbTypes.clusterParameterGroup, name: "g", urn: "urn:g", props });

describe("parameter switches", () => {
    it("DocumentDB tls stays on for every value but disabled", () => {
        const tls = rule(tlsRules, docdbTypes.cluster);
        for (const on of ["enabled", "fips-140-3", "tls1.2+", "tls1.3+"]) expect(tls.isOn(on)).toBe(true);
        expect(tls.isOn("disabled")).toBe(false);
        expect(tls.isOn(" Disabled ")).toBe(false);
    });

    it("DocumentDB audit_logs records authentication and DDL only with enabled, ddl or all (alone or in a list)", () => {
        const audit = rule(auditRules, docdbTypes.cluster);
        for (const on of ["enabled", "ddl", "all", "ddl,dml_read", "dml_write, ALL"]) expect([on, audit.isOn(on)]).toEqual([on, true]);
        for (const off of ["disabled", "none", "dml_read", "dml_read,dml_write"]) expect([off, audit.isOn(off)]).toEqual([off, false]);
    });

    it("Neptune switches are off only at 0; Redshift switches are on only at true", () => {
        expect(rule(tlsRules, neptuneTypes.cluster).isOn("0")).toBe(false);
        expect(rule(tlsRules, neptuneTypes.cluster).isOn("1")).toBe(true);
        expect(rule(tlsRules, redshiftTypes.cluster).isOn("TRUE")).toBe(true);
        expect(rule(tlsRules, redshiftTypes.cluster).isOn("1")).toBe(false);
        expect(rule(tlsRules, redshiftTypes.cluster).absentIsOn).toBe(false);
        expect(rule(tlsRules, docdbTypes.cluster).absentIsOn).toBe(true);
    });

    it("reads a parameter by name, case-insensitively, with its position in the list", () => {
        expect(
            readParameter(
                group({
                    parameters: [
                        { name: "x", value: "1" },
                        { name: "TLS", value: " enabled " },
                    ],
                }),
                "parameters",
                "tls",
            ),
        ).toEqual({
            kind: "value",
            value: "enabled",
            property: "parameters[1].value",
        });
        expect(readParameter(group({ parameters: [] }), "parameters", "tls")).toEqual({ kind: "absent" });
        expect(readParameter(group({}), "parameters", "tls")).toEqual({ kind: "absent" });
        expect(readParameter(group({ parameters: "tls=disabled" }), "parameters", "tls")).toEqual({ kind: "invalid", seen: "tls=disabled" });
    });

    it("tells unknown from absent: an unknown list, name or value is unknown", () => {
        expect(readParameter(group({ parameters: unknownSentinels.array }), "parameters", "tls")).toEqual({ kind: "unknown", property: "parameters" });
        expect(readParameter(group({ parameters: [{ name: unknownSentinels.string, value: "x" }] }), "parameters", "tls")).toEqual({ kind: "unknown", property: "parameters" });
        expect(readParameter(group({ parameters: [{ name: "tls", value: unknownSentinels.string }] }), "parameters", "tls")).toEqual({ kind: "unknown", property: "parameters[0].value" });
    });

    it("reads a Serverless workgroup's configParameters by parameterKey", () => {
        const workgroup = makeResource({ type: redshiftTypes.workgroup, name: "w", urn: "urn:w", props: { configParameters: [{ parameterKey: "require_ssl", parameterValue: "true" }] } });
        expect(readParameter(workgroup, "configParameters", "require_ssl", { name: "parameterKey", value: "parameterValue" })).toMatchObject({ kind: "value", value: "true" });
    });
});
