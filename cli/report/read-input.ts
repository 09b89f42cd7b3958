// Reading the files the report accepts, and telling them apart from look-alikes with a one-line
// error that names the right flag or command:
//   --state      `pulumi stack export` (also a file-backend checkpoint, or a bare deployment)
//   --event-log  `pulumi preview --event-log f.json` (one engine event per line), the same events
//                streamed by `pulumi up --json` / a streaming `preview --json`, or the single
//                document `pulumi preview --json` prints (its steps are evaluated in-process,
//                since that document leaves policy events out).
import * as fs from "fs";
import { InputError } from "./input-error";
import { ResourceState } from "./state";
import { maxPropertyDepth } from "../../policies/evaluate";

/** apitype.EngineEvent: the keys the report reads. */
export interface EngineEvent {
    sequence?: number;
    policyEvent?: {
        resourceUrn?: string;
        message?: string;
        policyName?: string;
        policyPackName?: string;
        enforcementLevel?: string;
        severity?: string;
    };
    policyRemediationEvent?: { resourceUrn?: string; policyName?: string; policyPackName?: string };
    policyAnalyzeSummaryEvent?: { resourceUrn?: string; policyPackName?: string; passed?: string[]; failed?: string[] };
    policyAnalyzeStackSummaryEvent?: { policyPackName?: string; passed?: string[]; failed?: string[] };
    resourcePreEvent?: { metadata?: { urn?: string; type?: string; op?: string } };
    resOutputsEvent?: { metadata?: { urn?: string; type?: string; op?: string } };
    summaryEvent?: { PolicyPacks?: Record<string, string>; isPreview?: boolean };
}

const engineEventKeys = [
    "cancelEvent",
    "stdoutEvent",
    "diagnosticEvent",
    "preludeEvent",
    "summaryEvent",
    "resourcePreEvent",
    "resOutputsEvent",
    "resOpFailedEvent",
    "policyEvent",
    "policyRemediationEvent",
    "policyLoadEvent",
    "policyAnalyzeSummaryEvent",
    "policyRemediateSummaryEvent",
    "policyAnalyzeStackSummaryEvent",
    "startDebuggingEvent",
    "progressEvent",
    "errorEvent",
];

export type EventLogInput = { kind: "event-log"; events: EngineEvent[] } | { kind: "preview-json"; states: ResourceState[] };

/**
 * Bytes to text: UTF-8 (with or without a byte order mark) or UTF-16 — what Windows PowerShell's
 * `pulumi stack export > state.json` writes (UTF-16 LE with a BOM); big-endian and BOM-less
 * UTF-16 (every other byte zero in ASCII-heavy JSON) are read too.
 */
export function decodeText(bytes: Buffer): string {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
    if (bytes.length >= 4 && bytes.length % 2 === 0) {
        if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return bytes.toString("utf16le");
        if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return Buffer.from(bytes).swap16().toString("utf16le");
    }
    return bytes.toString("utf8");
}

/** The file's text; `shown` is how messages name it (the name the user gave). */
export function readText(file: string, shown = file): string {
    let bytes: Buffer;
    try {
        bytes = file === "-" ? fs.readFileSync(0) : fs.readFileSync(file);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
        throw new InputError(`cannot read ${shown}: ${why}`);
    }
    const text = decodeText(bytes).replace(/^\uFEFF/, "");
    if (text.trim() === "") throw new InputError(`${shown} is empty`);
    return text;
}

/** Deeper than this, a JSON document is refused: no Pulumi file comes close, and the policies read values recursively. */
export const maxJsonDepth = maxPropertyDepth;

/** How deep `value` nests, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = maxJsonDepth): number {
    let deepest = 0;
    const pending: [unknown, number][] = [[value, 1]];
    while (pending.length > 0) {
        const [v, depth] = pending.pop()!;
        if (typeof v !== "object" || v === null) continue;
        if (depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
        for (const child of Array.isArray(v) ? v : Object.values(v)) {
            if (typeof child === "object" && child !== null) pending.push([child, depth + 1]);
        }
    }
    return deepest;
}

/** JSON.parse, with documents nested deeper than maxJsonDepth refused in one line. */
export function parseJsonText(text: string, shown: string): { ok: true; value: unknown } | { ok: false; error: string } {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (e) {
        if (e instanceof RangeError) throw new InputError(`${shown} is nested too deeply to read (${e.message}); no Pulumi file nests more than ${maxJsonDepth} levels`);
        return { ok: false, error: (e as Error).message };
    }
    if (jsonDepth(value) > maxJsonDepth) {
        throw new InputError(`${shown} nests objects or lists more than ${maxJsonDepth} levels deep, which no Pulumi state, event log or policy config does; check the file`);
    }
    return { ok: true, value };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isEngineEvent = (v: unknown): v is EngineEvent => isObject(v) && engineEventKeys.some((k) => k in v);
const isPreviewDigest = (v: unknown): v is { steps?: unknown[] } => isObject(v) && (Array.isArray(v.steps) || "changeSummary" in v || Array.isArray(v.diagnostics)) && !("deployment" in v);

/** What another kind of file looks like, for the error message; undefined when unrecognised. */
function lookalike(v: unknown): string | undefined {
    if (!isObject(v)) return Array.isArray(v) ? undefined : `a JSON ${v === null ? "null" : typeof v}`;
    if ("terraform_version" in v) return "a Terraform state";
    if ("AWSTemplateFormatVersion" in v || ("Resources" in v && isObject(v.Resources))) return "a CloudFormation template";
    if ("deployment" in v || "checkpoint" in v) return "a Pulumi stack export";
    if (isPreviewDigest(v)) return "`pulumi preview --json` output";
    if (isEngineEvent(v)) return "a Pulumi event log";
    return undefined;
}

/** `pulumi stack export` → its resources. */
export function parseStateFile(file: string, text = readText(file)): ResourceState[] {
    const parsed = parseJsonText(text, file);
    if (!parsed.ok) {
        const firstLine = parseJsonText(text.split("\n").find((l) => l.trim() !== "") ?? "", file);
        if (firstLine.ok && isEngineEvent(firstLine.value)) {
            throw new InputError(`${file} is a Pulumi event log, not a stack export: pass it with --event-log`);
        }
        throw new InputError(`${file} is not JSON (${parsed.error}); expected the output of \`pulumi stack export\``);
    }
    const v = parsed.value;
    const deployment =
        isObject(v) && isObject(v.deployment)
            ? v.deployment
            : isObject(v) && isObject(v.checkpoint) && isObject(v.checkpoint.latest)
              ? v.checkpoint.latest
              : isObject(v) && isObject(v.manifest)
                ? v
                : undefined;
    if (!deployment && isObject(v) && "deployment" in v) {
        throw new InputError(`${file}: deployment is ${JSON.stringify(v.deployment)?.slice(0, 40)}; expected {"version": 3, "deployment": {"resources": [...]}} as \`pulumi stack export\` writes it`);
    }
    if (!deployment) {
        const like = lookalike(v);
        if (like === "`pulumi preview --json` output" || like === "a Pulumi event log" || Array.isArray(v)) {
            throw new InputError(`${file} is ${like ?? "a list of Pulumi engine events"}, not a stack export: pass it with --event-log`);
        }
        throw new InputError(`${file} is ${like ?? "JSON"} but not a Pulumi stack export: expected {"version": 3, "deployment": {"resources": [...]}} as \`pulumi stack export\` writes it`);
    }
    const resources = deployment.resources;
    if (resources !== undefined && !Array.isArray(resources)) throw new InputError(`${file}: deployment.resources is not a list`);
    // An empty stack (never deployed, or destroyed) has nothing to be ready: refusing it keeps an
    // export of the wrong stack from reading as "ready".
    if (resources === undefined || resources.length === 0) {
        throw new InputError(
            `${file} holds no resources (an empty deployment: the stack was never deployed, or was destroyed); export the stack after \`pulumi up\`, or report on a preview with --event-log`,
        );
    }
    return resources as ResourceState[];
}

/** An event log (one event per line, or a JSON list/batch of events), or a `pulumi preview --json` document. */
export function parseEventLogFile(file: string, text = readText(file)): EventLogInput {
    const whole = parseJsonText(text, file);
    let candidates: unknown[];
    if (whole.ok) {
        const v = whole.value;
        if (isPreviewDigest(v)) {
            const steps = Array.isArray(v.steps) ? v.steps : [];
            const deleting = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);
            const states = steps.filter((s): s is { op?: string; newState: ResourceState } => isObject(s) && isObject(s.newState) && !deleting.has(String(s.op))).map((s) => s.newState);
            return { kind: "preview-json", states };
        }
        if (Array.isArray(v)) candidates = v;
        else if (isObject(v) && Array.isArray(v.events)) candidates = v.events;
        else if (isEngineEvent(v)) candidates = [v];
        else {
            const like = lookalike(v);
            if (like === "a Pulumi stack export") throw new InputError(`${file} is a Pulumi stack export, not an event log: pass it with --state`);
            throw new InputError(`${file} is ${like ?? "JSON"} but not a Pulumi event log: expected one engine event per line, as \`pulumi preview --event-log ${file}\` writes`);
        }
    } else {
        const lines = text.split(/\r?\n/);
        const last = lines.map((l) => l.trim()).filter((l) => l !== "").length - 1;
        candidates = [];
        let index = -1;
        for (const [n, line] of lines.entries()) {
            if (line.trim() === "") continue;
            index++;
            const event = parseJsonText(line, `${file}:${n + 1}`);
            if (event.ok) {
                candidates.push(event.value);
                continue;
            }
            // A log cut short (the CLI was killed mid-write) loses only its last event.
            if (index === last && index > 0) break;
            throw new InputError(index === 0 ? `${file} is not JSON (${event.error}); expected a Pulumi event log` : `${file}:${n + 1} is not JSON (${event.error})`);
        }
    }
    const events = candidates.filter(isEngineEvent);
    if (events.length === 0) {
        throw new InputError(`${file} has no Pulumi engine events: write one with \`pulumi preview --policy-pack ./policies --event-log ${file}\``);
    }
    return { kind: "event-log", events };
}
