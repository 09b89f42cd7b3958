/**
 * How a secret (password, AUTH token) is shown in a message: never its value. show() prints JSON,
 * and JSON.stringify of this object is undefined, so it falls back to toString: the message reads
 * `password is set (value hidden)`.
 */
export const hiddenValue = { toJSON: () => undefined, toString: () => "set (value hidden)" };
