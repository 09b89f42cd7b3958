// The secrets cache the health check keeps across warm invocations.
import { cachingSecretsReader } from "../../../components/runtime/aws";
import { FakeSecretsStore } from "./support/fakes";

describe("cachingSecretsReader", () => {
    it("serves AWSCURRENT from the cache within the TTL, reads again after it or after invalidate, never caches other versions", async () => {
        const store = new FakeSecretsStore();
        store.create("s", { username: "u", password: "one" });
        let now = 0;
        const reader = cachingSecretsReader(store, 1000, () => now);
        const gets = () => store.calls.filter((c) => c.op === "get").length;

        await reader.getSecretValue("s");
        expect(reader.cached("s")).toBe(false);
        await reader.getSecretValue("s");
        expect([gets(), reader.cached("s")]).toEqual([1, true]);

        now = 1000;
        store.seed("s", JSON.stringify({ username: "u", password: "two" }));
        expect(JSON.parse((await reader.getSecretValue("s"))!.secretString).password).toBe("two");
        expect(gets()).toBe(2);

        reader.invalidate("s");
        await reader.getSecretValue("s");
        expect(gets()).toBe(3);

        await reader.getSecretValue("s", { versionStage: "AWSPREVIOUS" });
        await reader.getSecretValue("s", { versionStage: "AWSPREVIOUS" });
        expect(gets()).toBe(5);
    });

    it("does not cache a secret without a value", async () => {
        const store = new FakeSecretsStore();
        store.create("s");
        const reader = cachingSecretsReader(store);
        expect(await reader.getSecretValue("s")).toBeUndefined();
        store.seed("s", "{}");
        expect(await reader.getSecretValue("s")).toBeDefined();
    });
});
