// Lists of nested objects (ingress rules, parameters, routes, app users) read with each element's
// position in the list, so a message names the element the user wrote (`ingress[2]`), even when
// other elements are null or of the wrong type (asObjectList drops those and shifts the rest).
import { UNKNOWN, Unknown, normalise, unwrap } from "../lib/values";

export type Element = Record<string, unknown> | Unknown;

/** [index, element] for each object (or unknown element) of a list; other elements are returned in `others`. */
export function indexedObjects(value: unknown): { objects: Array<[number, Element]>; others: Array<[number, unknown]> } {
    const list = normalise(unwrap(value));
    const objects: Array<[number, Element]> = [];
    const others: Array<[number, unknown]> = [];
    if (!Array.isArray(list)) return { objects, others };
    list.forEach((raw, i) => {
        const element = normalise(raw);
        if (element === UNKNOWN) objects.push([i, UNKNOWN]);
        else if (element !== undefined && typeof element === "object" && !Array.isArray(element)) objects.push([i, element as Record<string, unknown>]);
        else if (element !== undefined) others.push([i, element]);
    });
    return { objects, others };
}
