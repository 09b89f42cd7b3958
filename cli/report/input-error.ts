/** Input the tool cannot use (missing file, not JSON, another tool's format): one line for the user, exit code 2. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}
