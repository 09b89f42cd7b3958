// CloudWatch composite alarm rules: parsing the `alarmRule` expression and asking whether one
// alarm going into ALARM is what makes the composite alarm fire.
//
// Facts (CloudWatch User Guide, "Create a composite alarm", and PutCompositeAlarm AlarmRule):
// - functions ALARM(x), OK(x), INSUFFICIENT_DATA(x) are true when alarm x is in that state; x is an
//   alarm name or ARN, optionally in double quotes (required when the name has spaces or
//   parentheses);
// - TRUE and FALSE are constants; AND, OR, NOT and parentheses combine them (NOT binds tightest,
//   then AND, then OR);
// - a composite alarm notifies through its own alarmActions; AWS recommends composite alarms
//   over metric alarms that have no actions of their own, to cut alarm noise.
import { parseArn } from "./arn";

export type AlarmState = "ALARM" | "OK" | "INSUFFICIENT_DATA";

export type AlarmRule =
    { kind: "state"; state: AlarmState; alarm: string } | { kind: "constant"; value: boolean } | { kind: "not"; operand: AlarmRule } | { kind: "and" | "or"; operands: AlarmRule[] };

const stateFunctions: readonly AlarmState[] = ["ALARM", "OK", "INSUFFICIENT_DATA"];

/** The alarm name an ALARM(...) argument refers to: the name itself, or the name inside an alarm ARN. */
export function alarmNameOfReference(reference: string): string {
    const arn = parseArn(reference);
    if (arn !== undefined && arn.service === "cloudwatch" && arn.resource.startsWith("alarm:")) return arn.resource.slice("alarm:".length);
    return reference;
}

type Token = { kind: "word"; text: string } | { kind: "quoted"; text: string } | { kind: "open" } | { kind: "close" };

function tokenize(rule: string): Token[] | undefined {
    const tokens: Token[] = [];
    let i = 0;
    while (i < rule.length) {
        const c = rule[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "(") {
            tokens.push({ kind: "open" });
            i++;
        } else if (c === ")") {
            tokens.push({ kind: "close" });
            i++;
        } else if (c === '"') {
            let text = "";
            i++;
            while (i < rule.length && rule[i] !== '"') {
                if (rule[i] === "\\" && i + 1 < rule.length) i++;
                text += rule[i++];
            }
            if (i >= rule.length) return undefined; // unterminated quote
            i++;
            tokens.push({ kind: "quoted", text });
        } else {
            let text = "";
            while (i < rule.length && !/[\s()"]/.test(rule[i])) text += rule[i++];
            tokens.push({ kind: "word", text });
        }
    }
    return tokens;
}

/** The rule as a tree, or undefined when it is not a rule CloudWatch accepts. Never throws. */
export function parseAlarmRule(rule: string): AlarmRule | undefined {
    const tokens = tokenize(rule);
    if (tokens === undefined || tokens.length === 0) return undefined;
    let pos = 0;
    const word = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : undefined);

    // Recursive descent with a depth guard: a hostile rule cannot blow the stack.
    const parseOr = (depth: number): AlarmRule | undefined => parseList(depth, "OR", parseAnd);
    const parseAnd = (depth: number): AlarmRule | undefined => parseList(depth, "AND", parseNot);
    const parseList = (depth: number, op: "AND" | "OR", next: (depth: number) => AlarmRule | undefined): AlarmRule | undefined => {
        const first = next(depth);
        if (first === undefined) return undefined;
        const operands = [first];
        while (word(tokens[pos]) === op) {
            pos++;
            const operand = next(depth);
            if (operand === undefined) return undefined;
            operands.push(operand);
        }
        return operands.length === 1 ? first : { kind: op === "AND" ? "and" : "or", operands };
    };
    const parseNot = (depth: number): AlarmRule | undefined => {
        if (depth > 200) return undefined;
        if (word(tokens[pos]) === "NOT") {
            pos++;
            const operand = parseNot(depth + 1);
            return operand === undefined ? undefined : { kind: "not", operand };
        }
        return parsePrimary(depth + 1);
    };
    const parsePrimary = (depth: number): AlarmRule | undefined => {
        const t = tokens[pos];
        if (t === undefined) return undefined;
        if (t.kind === "open") {
            pos++;
            const inner = parseOr(depth + 1);
            if (inner === undefined || tokens[pos]?.kind !== "close") return undefined;
            pos++;
            return inner;
        }
        const w = word(t);
        if (w === "TRUE" || w === "FALSE") {
            pos++;
            return { kind: "constant", value: w === "TRUE" };
        }
        if (w !== undefined && (stateFunctions as readonly string[]).includes(w) && tokens[pos + 1]?.kind === "open") {
            const argument = tokens[pos + 2];
            if (argument === undefined || (argument.kind !== "word" && argument.kind !== "quoted") || tokens[pos + 3]?.kind !== "close") return undefined;
            pos += 4;
            const alarm = argument.text.trim();
            return alarm === "" ? undefined : { kind: "state", state: w as AlarmState, alarm: alarmNameOfReference(alarm) };
        }
        return undefined;
    };

    const parsed = parseOr(0);
    return parsed !== undefined && pos === tokens.length ? parsed : undefined;
}

/** The alarm names a rule refers to. */
export function alarmsOfRule(rule: AlarmRule): string[] {
    switch (rule.kind) {
        case "state":
            return [rule.alarm];
        case "constant":
            return [];
        case "not":
            return alarmsOfRule(rule.operand);
        default:
            return rule.operands.flatMap(alarmsOfRule);
    }
}

function evaluate(rule: AlarmRule, stateOf: (alarm: string) => AlarmState): boolean {
    switch (rule.kind) {
        case "state":
            return stateOf(rule.alarm) === rule.state;
        case "constant":
            return rule.value;
        case "not":
            return !evaluate(rule.operand, stateOf);
        case "and":
            return rule.operands.every((r) => evaluate(r, stateOf));
        case "or":
            return rule.operands.some((r) => evaluate(r, stateOf));
    }
}

/**
 * Whether `alarm` going into ALARM, with every other alarm of the rule OK, turns the composite
 * from OK to ALARM: the rule is false when all are OK and true when only `alarm` is in ALARM. So
 * `ALARM(a) OR ALARM(b)` fires on a alone, `ALARM(a) AND ALARM(b)` does not, nor does `NOT ALARM(a)`.
 */
export function firesOn(rule: AlarmRule, alarm: string): boolean {
    const allOk = evaluate(rule, () => "OK");
    const onlyThis = evaluate(rule, (name) => (name === alarm ? "ALARM" : "OK"));
    return !allOk && onlyThis;
}
